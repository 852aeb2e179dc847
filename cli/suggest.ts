/**
 * "Did you mean …?" for a misspelt name (command, variant, property, mutant,
 * workload): the known names closest by edit distance, if close enough.
 */

/** Levenshtein distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known names nearest to `given` (at most three), or none when nothing is close. */
export function closest(given: string, known: readonly string[]): readonly string[] {
  const scored = known
    .map((name) => ({ name, distance: name.startsWith(given) || given.startsWith(name) ? 1 : editDistance(given, name) }))
    .filter(({ name, distance }) => distance <= Math.max(2, Math.floor(Math.min(name.length, given.length) / 3)));
  const best = Math.min(...scored.map((s) => s.distance));
  return scored.filter((s) => s.distance === best).slice(0, 3).map((s) => s.name);
}

/** `unknown KIND 'given' (did you mean 'x'?; known: …)` in one line. */
export function unknownName(kind: string, given: string, known: readonly string[], listHint?: string): string {
  const near = closest(given, known);
  const mean = near.length > 0 ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}? ` : '';
  const list = known.length <= 12 ? `known: ${known.join(', ')}` : (listHint ?? `${known.length} known`);
  return `unknown ${kind} '${given}' (${mean}${list})`;
}
