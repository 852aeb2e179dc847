/**
 * A set of pages as sorted, disjoint, non-adjacent half-open intervals
 * `[s0, e0, s1, e1, …]`: what an address space has mapped. Demand paging maps
 * one page at a time, but a process's pages are mostly contiguous, so the set
 * stays about as small as the number of its memory areas.
 */

/** Sorted interval bounds, start inclusive, end exclusive. */
export type PageIntervals = readonly number[];

/** The empty set. */
export const NO_PAGES: PageIntervals = [];

/** True when page `page` is in `set`. */
export function hasPage(set: PageIntervals, page: number): boolean {
  for (let i = 0; i < set.length; i += 2) {
    if (page < set[i]!) return false;
    if (page < set[i + 1]!) return true;
  }
  return false;
}

/** True when any page of `[start, end)` is in `set`. */
export function overlaps(set: PageIntervals, start: number, end: number): boolean {
  for (let i = 0; i < set.length; i += 2) if (set[i]! < end && start < set[i + 1]!) return true;
  return false;
}

/** `set` with `[start, end)` added. */
export function addPages(set: PageIntervals, start: number, end: number): PageIntervals {
  if (end <= start) return set;
  const out: number[] = [];
  let s = start;
  let e = end;
  let placed = false;
  for (let i = 0; i < set.length; i += 2) {
    const a = set[i]!;
    const b = set[i + 1]!;
    if (b < s) out.push(a, b);
    else if (e < a) {
      if (!placed) out.push(s, e), (placed = true);
      out.push(a, b);
    } else {
      s = Math.min(s, a);
      e = Math.max(e, b);
    }
  }
  if (!placed) out.push(s, e);
  return out;
}

/** `set` with `[start, end)` removed. */
export function removePages(set: PageIntervals, start: number, end: number): PageIntervals {
  if (end <= start || !overlaps(set, start, end)) return set;
  const out: number[] = [];
  for (let i = 0; i < set.length; i += 2) {
    const a = set[i]!;
    const b = set[i + 1]!;
    if (b <= start || end <= a) out.push(a, b);
    else {
      if (a < start) out.push(a, start);
      if (end < b) out.push(end, b);
    }
  }
  return out;
}
