import { describe, expect, it } from 'vitest';
import {
  classifyRange, classifySegmentLimit, regionOf, GUEST_KERNEL_BASE, HOST_KERNEL_BASE, ADDRESS_SPACE_END,
  GUEST_KERNEL_PAGES, GUEST_USER_PAGES, PAGE_SIZE,
} from './layout.ts';

describe('address layout', () => {
  it('splits the 4 GiB space at 0x70000000 and 0xc0000000', () => {
    expect(regionOf(0)).toBe('guest-user');
    expect(regionOf(GUEST_KERNEL_BASE - 1)).toBe('guest-user');
    expect(regionOf(GUEST_KERNEL_BASE)).toBe('guest-kernel');
    expect(regionOf(0xbfff_f000)).toBe('guest-kernel');
    expect(regionOf(HOST_KERNEL_BASE - 1)).toBe('guest-kernel');
    expect(regionOf(HOST_KERNEL_BASE)).toBe('host-kernel');
    expect(regionOf(ADDRESS_SPACE_END - 1)).toBe('host-kernel');
  });

  it('counts the pages of each guest region', () => {
    expect(GUEST_USER_PAGES * PAGE_SIZE).toBe(GUEST_KERNEL_BASE);
    expect(GUEST_KERNEL_PAGES * PAGE_SIZE).toBe(HOST_KERNEL_BASE - GUEST_KERNEL_BASE);
  });

  it('classifies page ranges: whole regions, parts of one, and everything else', () => {
    expect(classifyRange(0, GUEST_USER_PAGES)).toBe('user-whole');
    expect(classifyRange(0, GUEST_USER_PAGES - 1)).toBe('user-part');
    expect(classifyRange(PAGE_SIZE, GUEST_USER_PAGES - 1)).toBe('user-part');
    expect(classifyRange(GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES)).toBe('kernel-whole');
    expect(classifyRange(GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES - 1)).toBe('kernel-part');
    expect(classifyRange(GUEST_KERNEL_BASE - PAGE_SIZE, 2)).toBe('other');
    expect(classifyRange(GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES + 1)).toBe('other');
    expect(classifyRange(HOST_KERNEL_BASE, 1)).toBe('other');
    expect(classifyRange(0, 0)).toBe('other');
    expect(classifyRange(12, 1)).toBe('other');
    expect(classifyRange(ADDRESS_SPACE_END - PAGE_SIZE, 2)).toBe('other');
  });

  it('classifies segment limits; one page off is not a known limit', () => {
    expect(classifySegmentLimit(GUEST_KERNEL_BASE)).toBe('guest-user');
    expect(classifySegmentLimit(HOST_KERNEL_BASE)).toBe('below-host');
    expect(classifySegmentLimit(ADDRESS_SPACE_END)).toBe('full');
    expect(classifySegmentLimit(GUEST_KERNEL_BASE + PAGE_SIZE)).toBe('other');
  });
});
