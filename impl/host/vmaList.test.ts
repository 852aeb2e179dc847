/** Virtual memory areas: insertion replaces, removal and protection split areas at the range's edges. */
import { describe, expect, it } from 'vitest';
import { VmaList } from './vmaList.ts';

describe('VmaList', () => {
  it('splits an area when the middle is removed, keeping file offsets', () => {
    const areas = new VmaList();
    areas.insert(10, 20, 'rw', 100);
    expect(areas.remove(12, 15)).toBe(3);
    expect(areas.list()).toEqual([
      { start: 10, end: 12, prot: 'rw', filePage: 100 },
      { start: 15, end: 20, prot: 'rw', filePage: 105 },
    ]);
    expect(areas.find(13)).toBeUndefined();
    expect(areas.find(16)?.filePage).toBe(105);
  });

  it('protects only the mapped part of a range', () => {
    const areas = new VmaList();
    areas.insert(0, 4, 'rw', 0);
    areas.insert(8, 10, 'rw', 50);
    expect(areas.protect(2, 9, 'none')).toBe(3);
    expect(areas.find(1)?.prot).toBe('rw');
    expect(areas.find(3)?.prot).toBe('none');
    expect(areas.find(8)?.prot).toBe('none');
    expect(areas.find(9)?.prot).toBe('rw');
    expect(areas.find(5)).toBeUndefined();
  });
});
