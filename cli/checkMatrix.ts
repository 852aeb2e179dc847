/**
 * The compact form of check's subject × property table, for terminals too
 * narrow for the wide one: a line per subject with one symbol per property
 * (a letter heads each column, a legend names it with its total time), the
 * subject's total time and its name last, so 16 variants take 16 lines, not 150.
 */
import type { CheckResult, PlannedSubject } from './checkReport.ts';
import type { CliIo } from './io.ts';
import { paint } from './style.ts';
import { wrapText } from './wrap.ts';

const PASS = '✓';
const FAIL = '✗';
const NONE = '-';

/** The letter heading column `i` (a, b, …, z, then A, …). */
const letter = (i: number): string => String.fromCharCode(i < 26 ? 97 + i : 65 + i - 26);

function symbol(io: CliIo, result: CheckResult | undefined): string {
  if (!result) return paint(io, 'dim', NONE);
  return result.verdict.ok ? paint(io, 'green', PASS) : paint(io, ['red', 'bold'], FAIL);
}

/** The checks' own times added up, `12.3s`. */
const seconds = (results: readonly CheckResult[]): string => `${(results.reduce((sum, r) => sum + r.ms, 0) / 1000).toFixed(1)}s`;

/** A subject's name cut to `room` columns (the symbols before it must stay whole). */
const fitted = (name: string, room: number): string => (name.length <= room ? name : `${name.slice(0, Math.max(1, room - 1))}…`);

/** The matrix as lines no wider than `width`: header, a line per subject, the legend. */
export function checkMatrix(
  subjects: readonly PlannedSubject[],
  properties: readonly string[],
  results: readonly CheckResult[],
  io: CliIo,
  width: number,
): string {
  const cellOf = (s: string, p: string): CheckResult | undefined => results.find((r) => r.subject === s && r.property === p);
  const times = subjects.map((s) => seconds(results.filter((r) => r.subject === s.name)));
  const timeWidth = Math.max(4, ...times.map((t) => t.length));
  const symbolsWidth = properties.length * 2 - 1;
  const room = width - symbolsWidth - timeWidth - 4;
  const header = `${properties.map((_, i) => letter(i)).join(' ')}  ${'time'.padStart(timeWidth)}  subject`;
  const lines = subjects.map((s, i) => {
    const symbols = properties.map((p) => symbol(io, cellOf(s.name, p))).join(' ');
    return `${symbols}  ${times[i]!.padStart(timeWidth)}  ${fitted(s.name, room)}`;
  });
  // Each entry's inner spaces are no-break while wrapping, so a letter stays beside its name.
  const entries = [
    ...properties.map((p, i) => `${letter(i)} ${p} ${seconds(results.filter((r) => r.property === p))}`),
    `${PASS} pass`, `${FAIL} FAIL`, `${NONE} n/a (says nothing of that subject)`, "time: a line's or a letter's checks added up",
  ].map((entry) => entry.replaceAll(' ', '\u00a0'));
  const legend = wrapText(entries.join(', '), width, '  ').replaceAll('\u00a0', ' ');
  return [header, ...lines, '', legend].join('\n');
}
