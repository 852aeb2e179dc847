/**
 * The end of check's text report: what the run showed, in words. When every
 * check passed, what passing means for exactly the properties that ran (each
 * property's own sentence), so a run of isolation alone claims nothing about
 * equivalence; when anything failed, a summary of the failures instead, since
 * no "pass" claim stands for a run that found a broken subject.
 */
import { NAMED_PROPERTIES } from '../properties/index.ts';
import type { CheckReport, CheckResult } from './checkReport.ts';
import { count } from './table.ts';
import { wrapText } from './wrap.ts';

/** What a property's pass says, from its registry entry (a merged report may name one this build lacks). */
const meaningOf = (name: string): string => NAMED_PROPERTIES.find((p) => p.name === name)?.description ?? '(a property this vmspec does not know)';

/** The properties of `results`, in the plan's order. */
const ran = (report: Pick<CheckReport, 'properties' | 'results'>): string[] =>
  report.properties.filter((p) => report.results.some((r) => r.property === p));

/** What passing means, for the properties that ran: each with its sentence, then how far a sample goes. */
export function passedMeans(report: Pick<CheckReport, 'runs' | 'seed' | 'properties' | 'results'>, width: number): string {
  const properties = ran(report);
  return [
    wrapText(`What "pass" means: on each subject, fast-check tried ${report.runs} random cases per property (seed ${report.seed}) and none broke ${properties.length === 1 ? 'it' : 'them'}:`, width),
    ...properties.map((p) => wrapText(`  ${p}: ${meaningOf(p)}`, width, '    ')),
    wrapText(
      'It is evidence from a sample, not a proof: another seed or more --runs explore further. The same seed gives the same verdicts on any number of workers or shards. '
      + "Each time is that check's own: an emulator run that properties of one subject share is counted in each of them.",
      width,
    ),
  ].join('\n');
}

/** The failures in as few groups as they allow: `property on subject, subject; …`, or `subject: property, property; …`. */
function failedChecks(failures: readonly CheckResult[]): string {
  const group = (key: (f: CheckResult) => string, item: (f: CheckResult) => string): Map<string, string[]> => {
    const groups = new Map<string, string[]>();
    for (const f of failures) groups.set(key(f), [...(groups.get(key(f)) ?? []), item(f)]);
    return groups;
  };
  const byProperty = group((f) => f.property, (f) => f.subject);
  const bySubject = group((f) => f.subject, (f) => f.property);
  return bySubject.size < byProperty.size
    ? [...bySubject].map(([subject, properties]) => `${properties.join(', ')} on ${subject}`).join('; ')
    : [...byProperty].map(([property, subjects]) => `${property} on ${subjects.join(', ')}`).join('; ');
}

/** The summary that replaces passedMeans when a check failed. */
export function failureSummary(report: Pick<CheckReport, 'results'>, width: number): string {
  const failures = report.results.filter((r) => !r.verdict.ok);
  return wrapText(
    `What failed: ${count(failures.length, 'check')} of ${report.results.length}: ${failedChecks(failures)}. `
    + 'Each FAIL above gives the error, the shrunk counterexample and the command that replays it. '
    + 'A run with a failure makes no "pass" claim: the checks that passed say nothing about what the failed ones found.',
    width,
  );
}

/** The footer: passedMeans when all passed, else failureSummary. */
export function checkFooter(report: Pick<CheckReport, 'runs' | 'seed' | 'properties' | 'results'>, width: number): string {
  return report.results.every((r) => r.verdict.ok) ? passedMeans(report, width) : failureSummary(report, width);
}
