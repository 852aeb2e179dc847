/**
 * Small immutable sets and maps of process ids and address-space slots, kept
 * as sorted arrays: the spec's context must compare by value (XState snapshots,
 * exploration) and stays as small as the number of live processes.
 */

/** A sorted set of non-negative integers. */
export type IntSet = readonly number[];

/** True when `set` holds `n`. */
export function hasInt(set: IntSet, n: number): boolean {
  return set.includes(n);
}

/** `set` with `n` added. */
export function withInt(set: IntSet, n: number): IntSet {
  return set.includes(n) ? set : [...set, n].sort((a, b) => a - b);
}

/** `set` without `n`. */
export function withoutInt(set: IntSet, n: number): IntSet {
  return set.includes(n) ? set.filter((m) => m !== n) : set;
}

/** A map from integers to integers, as pairs sorted by key. */
export type IntMap = readonly (readonly [number, number])[];

/** The value of `key`, or undefined. */
export function lookup(map: IntMap, key: number): number | undefined {
  for (const [k, v] of map) if (k === key) return v;
  return undefined;
}

/** The key bound to `value`, or undefined. */
export function keyOf(map: IntMap, value: number): number | undefined {
  for (const [k, v] of map) if (v === value) return k;
  return undefined;
}

/** `map` with `key` bound to `value`. */
export function bind(map: IntMap, key: number, value: number): IntMap {
  return [...map.filter(([k]) => k !== key), [key, value] as const].sort((a, b) => a[0] - b[0]);
}

/** `map` without `key`. */
export function unbind(map: IntMap, key: number): IntMap {
  return map.some(([k]) => k === key) ? map.filter(([k]) => k !== key) : map;
}
