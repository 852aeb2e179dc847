/**
 * The address layout of the UMLinux guest-machine process on IA-32 (paper §3,
 * figure 2): guest user below 0x70000000, guest kernel up to 0xc0000000, host
 * kernel above. Pure arithmetic on 32-bit addresses and 4 KiB pages.
 */
import type { Region } from './types.ts';

/** Size of a page in bytes (IA-32 small pages). */
export const PAGE_SIZE = 0x1000;
/** First address of the guest kernel region (end of guest user). */
export const GUEST_KERNEL_BASE = 0x7000_0000;
/** First address of the host kernel region (end of guest kernel). */
export const HOST_KERNEL_BASE = 0xc000_0000;
/** One past the last address: 2^32. */
export const ADDRESS_SPACE_END = 0x1_0000_0000;

/** Pages in the guest user region. */
export const GUEST_USER_PAGES = GUEST_KERNEL_BASE / PAGE_SIZE;
/** Pages in the guest kernel region. */
export const GUEST_KERNEL_PAGES = (HOST_KERNEL_BASE - GUEST_KERNEL_BASE) / PAGE_SIZE;

/** True when `addr` is a 32-bit address. */
export function isAddress(addr: number): boolean {
  return Number.isInteger(addr) && addr >= 0 && addr < ADDRESS_SPACE_END;
}

/** The region holding `addr` (a 32-bit address). */
export function regionOf(addr: number): Region {
  if (addr < GUEST_KERNEL_BASE) return 'guest-user';
  if (addr < HOST_KERNEL_BASE) return 'guest-kernel';
  return 'host-kernel';
}

/** The page number of `addr`. */
export function pageOf(addr: number): number {
  return Math.floor(addr / PAGE_SIZE);
}

/**
 * How a page range relates to the layout: exactly a whole region, inside one
 * region, or anything else (straddling, outside, empty).
 */
export type RangeClass = 'user-whole' | 'user-part' | 'kernel-whole' | 'kernel-part' | 'other';

/** Classifies the range `[start, start + pages*PAGE_SIZE)`. */
export function classifyRange(start: number, pages: number): RangeClass {
  const end = start + pages * PAGE_SIZE;
  if (!Number.isInteger(pages) || pages <= 0 || !isAddress(start) || start % PAGE_SIZE !== 0 || end > ADDRESS_SPACE_END) {
    return 'other';
  }
  if (start === 0 && end === GUEST_KERNEL_BASE) return 'user-whole';
  if (start === GUEST_KERNEL_BASE && end === HOST_KERNEL_BASE) return 'kernel-whole';
  if (end <= GUEST_KERNEL_BASE) return 'user-part';
  if (start >= GUEST_KERNEL_BASE && end <= HOST_KERNEL_BASE) return 'kernel-part';
  return 'other';
}

/** How a user segment limit relates to the layout (limits are exclusive upper bounds). */
export type SegmentLimitClass = 'guest-user' | 'below-host' | 'full' | 'other';

/** Classifies a user code/data segment limit. */
export function classifySegmentLimit(limit: number): SegmentLimitClass {
  if (limit === GUEST_KERNEL_BASE) return 'guest-user';
  if (limit === HOST_KERNEL_BASE) return 'below-host';
  if (limit === ADDRESS_SPACE_END) return 'full';
  return 'other';
}
