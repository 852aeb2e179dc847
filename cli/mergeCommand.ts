/**
 * `vmspec merge REPORT…`: joins the JSON reports of `check --shard I/N` runs
 * (one per CI machine) into the report of the whole run, and prints it as
 * `check` would have: the same table, failures, summary and exit code.
 */
import { isDeepStrictEqual } from 'node:util';
import { JSON_OPTION, REPORTER_OPTION, reporterOption } from './args.ts';
import { CHECK_REPORT_FORMAT, checkJunit, type CheckReport, type CheckResult } from './checkReport.ts';
import { checkText } from './checkText.ts';
import { defineCommand } from './commandSpec.ts';
import { readInput } from './readInput.ts';

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** A decoded report, or the first thing wrong with it and where (a JSON path). */
function decodeReport(file: string, text: string): { ok: true; report: CheckReport } | { ok: false; error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${file}: not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isRecord(doc)) return { ok: false, error: `${file}: $: not an object` };
  if (doc['format'] !== CHECK_REPORT_FORMAT) return { ok: false, error: `${file}: $.format: not a check report (write one with vmspec check --reporter json)` };
  if (doc['version'] !== 1) return { ok: false, error: `${file}: $.version: unsupported version ${JSON.stringify(doc['version'])}` };
  for (const key of ['seed', 'runs', 'jobs', 'seconds'] as const) if (typeof doc[key] !== 'number') return { ok: false, error: `${file}: $.${key}: not a number` };
  for (const key of ['subjects', 'properties', 'results'] as const) if (!Array.isArray(doc[key])) return { ok: false, error: `${file}: $.${key}: not an array` };
  if (doc['notApplicable'] !== undefined && !Array.isArray(doc['notApplicable'])) return { ok: false, error: `${file}: $.notApplicable: not an array` };
  for (const [i, r] of (doc['results'] as unknown[]).entries()) {
    if (!isRecord(r) || typeof r['job'] !== 'number' || typeof r['subject'] !== 'string' || typeof r['property'] !== 'string' || !isRecord(r['verdict']) || typeof r['verdict']['ok'] !== 'boolean') {
      return { ok: false, error: `${file}: $.results[${i}]: not a check result` };
    }
  }
  return { ok: true, report: { notApplicable: [], ...doc } as unknown as CheckReport };
}

/** The whole run from its shards' reports, or why they do not make one. */
export function mergeReports(reports: readonly { file: string; report: CheckReport }[]): { ok: true; report: CheckReport } | { ok: false; error: string } {
  const [first, ...rest] = reports;
  if (first === undefined) return { ok: false, error: 'give the JSON reports to merge' };
  const plan = (r: CheckReport) => ({ seed: r.seed, runs: r.runs, subjects: r.subjects, properties: r.properties, jobs: r.jobs, notApplicable: r.notApplicable });
  for (const other of rest) {
    if (!isDeepStrictEqual(plan(other.report), plan(first.report))) return { ok: false, error: `${other.file}: a different run than ${first.file} (seed, runs, subjects or properties differ)` };
  }
  const byJob = new Map<number, CheckResult>();
  for (const { file, report } of reports) {
    for (const result of report.results) {
      const seen = byJob.get(result.job);
      if (seen !== undefined && !isDeepStrictEqual(seen.verdict, result.verdict)) return { ok: false, error: `${file}: job ${result.job} has a different verdict in another report` };
      byJob.set(result.job, result);
    }
  }
  const missing = Array.from({ length: first.report.jobs }, (_, job) => job).filter((job) => !byJob.has(job));
  if (missing.length > 0) return { ok: false, error: `${missing.length} of ${first.report.jobs} jobs are in no report (is a shard missing?), first: job ${missing[0]}` };
  return {
    ok: true,
    report: {
      ...first.report, shard: null,
      results: [...byJob.values()].sort((a, b) => a.job - b.job),
      seconds: Math.max(...reports.map((r) => r.report.seconds)),
    },
  };
}

export const mergeCommand = defineCommand({
  name: 'merge',
  summary: 'join the JSON reports of sharded check runs into the summary of the whole run',
  arguments: 'REPORT…',
  details: "Each REPORT is the output of 'vmspec check --shard I/N --reporter json' ('-': standard input). The time shown is the slowest shard's.",
  options: [REPORTER_OPTION, JSON_OPTION],
  examples: ['merge shard1.json shard2.json shard3.json', 'merge --reporter junit shard*.json > check.xml'],
}, async (args, io) => {
  const reporter = reporterOption(args);
  if (!reporter.ok) {
    io.err(`vmspec merge: ${reporter.error}\n`);
    return 2;
  }
  const reports: { file: string; report: CheckReport }[] = [];
  for (const file of args.positional) {
    const read = await readInput(file);
    const decoded = read.ok ? decodeReport(file, read.text) : read;
    if (!decoded.ok) {
      io.err(`vmspec merge: ${decoded.error}\n`);
      return 2;
    }
    reports.push({ file, report: decoded.report });
  }
  const merged = mergeReports(reports);
  if (!merged.ok) {
    io.err(`vmspec merge: ${merged.error}\n`);
    return 2;
  }
  const { report } = merged;
  io.out(reporter.value === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reporter.value === 'junit' ? checkJunit(report) : checkText(report, io));
  return report.results.every((r) => r.verdict.ok) ? 0 : 1;
});
