/**
 * A key a plug-in definition or strategy does not have, named with the known
 * key it most likely meant: plug-ins often run through tsx, which does not
 * type-check, so a typo (`protec:`) is caught only here.
 */
import { closest } from '../cli/suggest.ts';

/** `unknown key 'protec' in 'protection' (did you mean 'protect'?; known: …)`, or undefined when every key of `record` is known. */
export function unknownKey(record: Readonly<Record<string, unknown>>, known: readonly string[], at?: string): string | undefined {
  const key = Object.keys(record).find((k) => !known.includes(k));
  if (key === undefined) return undefined;
  const near = closest(key, known);
  const mean = near.length > 0 ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}?; ` : '';
  return `unknown key '${key}'${at === undefined ? '' : ` in '${at}'`} (${mean}known: ${known.join(', ')})`;
}
