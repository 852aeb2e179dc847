/**
 * The report of a `check` run, whole or one shard of it: what was planned
 * (subjects, properties, seed, runs), which jobs this run did, and their
 * verdicts. It prints as text (cli/checkText.ts), as JSON (`--reporter json`,
 * the input of `vmspec merge`) or as JUnit XML (`--reporter junit`, for CI).
 */
import type { PropertyVerdict } from '../properties/index.ts';
import type { Shard } from './args.ts';
import { xml } from './xml.ts';

export const CHECK_REPORT_FORMAT = 'vmspec-check-report';

/** A subject of the plan, with the `check` arguments that select it again. */
export interface PlannedSubject {
  readonly name: string;
  readonly select: string;
}

/** The verdict of one planned job (property × subject). */
export interface CheckResult {
  /** The job's index in the whole plan (not the shard). */
  readonly job: number;
  readonly subject: string;
  readonly property: string;
  readonly verdict: PropertyVerdict;
  readonly ms: number;
  /** The command that replays a failure. */
  readonly replay: string | undefined;
}

/** A property the plan leaves out for a subject, and why (it says nothing of it). */
export interface NotApplicable {
  readonly subject: string;
  readonly property: string;
  readonly reason: string;
}

/** A check run's report. */
export interface CheckReport {
  readonly format: typeof CHECK_REPORT_FORMAT;
  readonly version: 1;
  readonly seed: number;
  readonly runs: number;
  readonly subjects: readonly PlannedSubject[];
  readonly properties: readonly string[];
  /** How many jobs the whole plan has. */
  readonly jobs: number;
  /** Which part of the plan this report covers (`null`: all of it). */
  readonly shard: Shard | null;
  readonly results: readonly CheckResult[];
  /** The pairs of the plan left out, with their reasons (the table's n/a cells). */
  readonly notApplicable: readonly NotApplicable[];
  readonly seconds: number;
}

/** One line per property and reason: which subjects it says nothing of, and why. */
export function notApplicableText(report: CheckReport, shown: (subject: string) => boolean): string[] {
  const groups = new Map<string, { property: string; reason: string; subjects: string[] }>();
  for (const n of report.notApplicable.filter((x) => shown(x.subject))) {
    const key = `${n.property}\u0000${n.reason}`;
    const group = groups.get(key) ?? { property: n.property, reason: n.reason, subjects: [] };
    group.subjects.push(n.subject);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => `n/a: ${g.property} on ${g.subjects.join(', ')}: ${g.reason}`);
}

/**
 * The report as JUnit XML: a test suite per subject, a test case per property; an n/a pair is a skipped case with its
 * reason (said once: by the whole run, or by shard 1 of a sharded one), so CI shows what was not checked.
 */
export function checkJunit(report: CheckReport): string {
  const notApplicable = report.shard === null || report.shard.index === 1 ? report.notApplicable : [];
  const suites = report.subjects.map((s) => {
    const mine = report.results.filter((r) => r.subject === s.name);
    const skipped = notApplicable.filter((n) => n.subject === s.name);
    const failed = mine.filter((r) => !r.verdict.ok).length;
    const time = (mine.reduce((sum, r) => sum + r.ms, 0) / 1000).toFixed(3);
    const skips = skipped.map((n) => `    <testcase classname="${xml(s.name)}" name="${xml(n.property)}" time="0">\n      <skipped message="${xml(n.reason)}"/>\n    </testcase>`);
    const cases = mine.map((r) => {
      const head = `    <testcase classname="${xml(s.name)}" name="${xml(r.property)}" time="${(r.ms / 1000).toFixed(3)}"`;
      if (r.verdict.ok) return `${head}/>`;
      const body = `seed: ${r.verdict.seed}\ncounterexample: ${r.verdict.counterexample}\nreplay: ${r.replay ?? '-'}`;
      return `${head}>\n      <failure message="${xml(r.verdict.error)}" type="PropertyFailure">${xml(body)}</failure>\n    </testcase>`;
    });
    const tests = mine.length + skipped.length;
    return [`  <testsuite name="${xml(s.name)}" tests="${tests}" failures="${failed}" errors="0" skipped="${skipped.length}" time="${time}">`, ...cases, ...skips, '  </testsuite>'].join('\n');
  }).filter((suite) => !/tests="0"/.test(suite));
  const failures = report.results.filter((r) => !r.verdict.ok).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="vmspec check (seed ${report.seed}, ${report.runs} runs)" tests="${report.results.length + notApplicable.length}" failures="${failures}" errors="0" skipped="${notApplicable.length}" time="${report.seconds.toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
