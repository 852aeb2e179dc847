/** The index of the first of `items` at or after `from` that `match` picks, or -1: a search ahead that starts where it is asked to, not at 0. */
export function indexFrom<T>(items: readonly T[], from: number, match: (item: T) => boolean): number {
  for (let i = Math.max(0, from); i < items.length; i++) if (match(items[i]!)) return i;
  return -1;
}
