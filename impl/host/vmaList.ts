/**
 * Linux's virtual memory areas of one address space: sorted, disjoint page
 * ranges, each mapping pages of the physical-memory file with one protection.
 * Page-table entries are filled from these lazily, on host page faults.
 */
import type { Prot } from '../../spec/types.ts';

/** One area: pages `[start, end)` map file pages from `filePage` on, with `prot`. */
export interface Vma {
  readonly start: number;
  readonly end: number;
  readonly prot: Prot;
  readonly filePage: number;
}

/** The areas of an address space (or of its shared kernel part). */
export class VmaList {
  private areas: Vma[] = [];

  /** The area holding `page`, if any. */
  find(page: number): Vma | undefined {
    let lo = 0;
    let hi = this.areas.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const area = this.areas[mid]!;
      if (page < area.start) hi = mid - 1;
      else if (page >= area.end) lo = mid + 1;
      else return area;
    }
    return undefined;
  }

  /** Removes `[start, end)`, splitting areas at the edges; returns how many mapped pages were removed. */
  remove(start: number, end: number): number {
    let removed = 0;
    const kept: Vma[] = [];
    for (const area of this.areas) {
      if (area.end <= start || area.start >= end) {
        kept.push(area);
        continue;
      }
      removed += Math.min(area.end, end) - Math.max(area.start, start);
      if (area.start < start) kept.push({ ...area, end: start });
      if (area.end > end) kept.push({ ...area, start: end, filePage: area.filePage + (end - area.start) });
    }
    this.areas = kept;
    return removed;
  }

  /** Maps `[start, end)` to file pages from `filePage`, replacing whatever was there. */
  insert(start: number, end: number, prot: Prot, filePage: number): void {
    this.remove(start, end);
    const area: Vma = { start, end, prot, filePage };
    const at = this.areas.findIndex((a) => a.start >= end);
    if (at < 0) this.areas.push(area);
    else this.areas.splice(at, 0, area);
  }

  /** Gives the mapped pages of `[start, end)` protection `prot`; returns how many pages were mapped there. */
  protect(start: number, end: number, prot: Prot): number {
    const touched = this.areas.filter((a) => a.end > start && a.start < end);
    for (const area of touched) {
      const from = Math.max(area.start, start);
      const to = Math.min(area.end, end);
      this.insert(from, to, prot, area.filePage + (from - area.start));
    }
    return touched.reduce((sum, a) => sum + Math.min(a.end, end) - Math.max(a.start, start), 0);
  }

  /** Removes every area. */
  clear(): void {
    this.areas = [];
  }

  /** The areas, in address order. */
  list(): readonly Vma[] {
    return this.areas;
  }
}
