/**
 * `vmspec check`: the main job. Runs every property over every variant with a
 * default budget, spread over worker threads, with a progress line, and ends
 * with a subject × property table; each failure comes with its seed,
 * counterexample and the one command that replays it. `--mutant NAME` checks
 * a catalogued broken VMM instead (to see what a failure looks like).
 * `--shard I/N` runs part of the jobs; `vmspec merge` joins the JSON reports.
 */
import { allVariants, PRESETS, REAL_PRESETS, SKAS0, SKAS0_SECCOMP, variantName } from '../spec/index.ts';
import { ALL_PROPERTIES, type VmspecProperty } from '../properties/index.ts';
import { mutantSubject } from '../properties/mutants/mutantCatalog.ts';
import {
  inShard, JSON_OPTION, lastValue, positiveCountOption, REPORTER_OPTION, reporterOption, SEED_OPTION, seedOption, SHARD_OPTION, shardOption,
  WORKERS_OPTION, workersOption, type ParsedArgs, type Reporter, type Shard,
} from './args.ts';
import { subjectOf, type CheckJob, type CheckJobResult, type TargetRef } from './checkJobs.ts';
import { CHECK_REPORT_FORMAT, checkJunit, type CheckReport, type CheckResult, type NotApplicable, type PlannedSubject } from './checkReport.ts';
import { checkText } from './checkText.ts';
import { defineCommand, type CommandSpec } from './commandSpec.ts';
import { invocationOf, type CliIo } from './io.ts';
import { mutantByName, namesList, propertyByName, variantByName } from './names.ts';
import { progress } from './progress.ts';
import { count } from './table.ts';
import { runJobs } from './workerPool.ts';
import { widthOf, wrapText } from './wrap.ts';

const PRESET_NAMES: readonly string[] = [...Object.keys(PRESETS), ...Object.keys(REAL_PRESETS)];

/** Random cases per property and variant when `--runs` is not given. */
export const DEFAULT_RUNS = 300;

/** The subjects of a plain `check`: the paper's 16 variants and real skas0 in both stub modes, everything the emulator runs. */
const DEFAULT_VARIANTS = [...allVariants(), SKAS0, SKAS0_SECCOMP];

const SPEC: CommandSpec = {
  name: 'check',
  summary: 'run the property suites over every variant (the main job)',
  details: [
    'Runs each property (--property, default: all but the slow spec self-checks) on each subject (--variant and --mutant,',
    "default: all 16 variants and real skas0, ptrace and seccomp stubs); a property that says nothing of a subject is n/a, with the reason.",
    'Exit 0 all pass, 1 a property failed, 2 bad input.',
  ].join('\n'),
  options: [
    { flag: '--variant', value: 'V', repeatable: true, description: 'a preset (umlinux, +kernel-module, +segment-bounds, +multi-as, skas0, skas0-seccomp) or mediation/protection/address-spaces', default: 'all 16, skas0 and skas0-seccomp' },
    { flag: '--mutant', value: 'M', repeatable: true, description: 'a catalogued broken VMM (see --list)' },
    { flag: '--property', value: 'P', repeatable: true, description: 'a property (see --list)', default: 'all but the slow ones' },
    { flag: '--runs', value: 'N', description: 'random cases per property and subject', default: String(DEFAULT_RUNS) },
    SEED_OPTION,
    { flag: '--path', value: 'P', description: "fast-check's replay path of one failure (as printed with it)" },
    WORKERS_OPTION,
    SHARD_OPTION,
    REPORTER_OPTION,
    JSON_OPTION,
    { flag: '--list', description: 'list the variants, properties and mutants, and exit' },
  ],
  examples: [
    'check',
    'check --variant +multi-as --property isolation --runs 1000',
    'check --mutant forgets-reprotect --property isolation --seed 3',
    'check --shard 1/4 --reporter json > shard1.json',
  ],
};

interface Options {
  readonly subjects: readonly (PlannedSubject & { readonly target: TargetRef })[];
  readonly properties: readonly VmspecProperty[];
  readonly runs: number;
  readonly seed: number;
  readonly path: string | undefined;
  readonly workers: number;
  readonly shard: Shard | null;
  readonly reporter: Reporter;
}

function options(args: ParsedArgs): { ok: true; options: Options } | { ok: false; error: string } {
  if (args.positional.length > 0) return { ok: false, error: `unexpected argument '${args.positional[0]}' (check takes only options)` };
  const subjects: Options['subjects'][number][] = [];
  for (const text of args.values.get('--variant') ?? []) {
    const v = variantByName(text);
    if (!v.ok) return v;
    // A preset keeps the name it was asked by (skas0, +multi-as): the one the user will look for in the table.
    const name = PRESET_NAMES.includes(text) ? text : variantName(v.variant);
    subjects.push({ name, select: `--variant ${name}`, target: { kind: 'variant', name } });
  }
  for (const text of args.values.get('--mutant') ?? []) {
    const m = mutantByName(text);
    if (!m.ok) return m;
    subjects.push({ name: mutantSubject(m.mutant).name, select: `--mutant ${text}`, target: { kind: 'mutant', name: text } });
  }
  const properties: VmspecProperty[] = [];
  for (const text of args.values.get('--property') ?? []) {
    const p = propertyByName(text);
    if (!p.ok) return p;
    properties.push(p.property);
  }
  const path = lastValue(args, '--path');
  if (path !== undefined && !/^\d+(:\d+)*$/.test(path)) return { ok: false, error: `option '--path' needs fast-check's replay path, numbers joined by ':' (e.g. 12:0:3), got '${path}'` };
  const runs = positiveCountOption(args, '--runs', DEFAULT_RUNS);
  if (!runs.ok) return runs;
  // fast-check replays a path by generating every case before it: a first step past --runs names no case it tried.
  const first = path === undefined ? 0 : Number(path.split(':')[0]);
  if (path !== undefined && !(first < runs.value)) return { ok: false, error: `option '--path' starts at case ${path.split(':')[0]}, past the ${runs.value} runs of --runs (give the --runs printed with it)` };
  const seed = seedOption(args);
  if (!seed.ok) return seed;
  const workers = workersOption(args);
  if (!workers.ok) return workers;
  const shard = shardOption(args);
  if (!shard.ok) return shard;
  const reporter = reporterOption(args);
  if (!reporter.ok) return reporter;
  return {
    ok: true,
    options: {
      subjects: subjects.length ? subjects : DEFAULT_VARIANTS.map((v) => ({ name: variantName(v), select: `--variant ${variantName(v)}`, target: { kind: 'variant', name: variantName(v) } })),
      properties: properties.length ? properties : ALL_PROPERTIES.filter((p) => !p.slow),
      runs: runs.value, seed: seed.seed, path, workers: workers.value, shard: shard.value, reporter: reporter.value,
    },
  };
}

type PlannedJob = CheckJob & { readonly subject: PlannedSubject };

/** Every job of the plan, in subject-then-property order; a property that says nothing of a subject is left out, with why. */
function plan(o: Options): { readonly jobs: readonly PlannedJob[]; readonly notApplicable: readonly NotApplicable[] } {
  const jobs: PlannedJob[] = [];
  const notApplicable: NotApplicable[] = [];
  for (const s of o.subjects) {
    const subject = subjectOf(s.target);
    for (const p of o.properties) {
      const reason = p.notApplicable?.(subject);
      if (reason !== undefined) notApplicable.push({ subject: s.name, property: p.name, reason });
      else jobs.push({ kind: 'check', target: s.target, property: p.name, runs: o.runs, seed: o.seed, ...(o.path === undefined ? {} : { path: o.path }), subject: s });
    }
  }
  return { jobs, notApplicable };
}

function replayOf(io: CliIo, job: PlannedJob, result: CheckJobResult): string | undefined {
  const { verdict } = result;
  if (verdict.ok) return undefined;
  const path = verdict.path === undefined ? '' : ` --path '${verdict.path}'`;
  return `${invocationOf(io)} check ${job.subject.select} --property ${job.property} --runs ${job.runs} --seed ${verdict.seed}${path}`;
}

/** Prints a plain line per subject as its jobs finish, in plan order (a terminal gets the moving progress line instead). */
function subjectLines(io: CliIo, jobs: readonly PlannedJob[], subjects: readonly PlannedSubject[]): (job: number, result: CheckJobResult) => void {
  const left = new Map(subjects.map((s) => [s.name, jobs.filter((j) => j.subject.name === s.name).length]));
  const failed = new Map<string, number>();
  let printed = 0;
  const nameWidth = Math.max(...subjects.map((s) => s.name.length));
  return (job, result) => {
    const name = jobs[job]!.subject.name;
    left.set(name, left.get(name)! - 1);
    if (!result.verdict.ok) failed.set(name, (failed.get(name) ?? 0) + 1);
    while (printed < subjects.length && left.get(subjects[printed]!.name) === 0) {
      const s = subjects[printed++]!;
      const bad = failed.get(s.name) ?? 0;
      const line = `[${String(printed).padStart(String(subjects.length).length)}/${subjects.length}] ${s.name.padEnd(nameWidth)}  ${bad === 0 ? 'ok' : `${bad} FAILED`}`;
      io.out(`${wrapText(line, widthOf(io.columns), '  ')}\n`);
    }
  };
}

async function check(o: Options, io: CliIo): Promise<number> {
  const { jobs: all, notApplicable } = plan(o);
  const mine = all.map((job, index) => ({ job, index })).filter(({ index }) => inShard(index, o.shard));
  const subjects = o.subjects.filter((s) => mine.some(({ job }) => job.subject.name === s.name));
  const text = o.reporter === 'text';
  if (text) {
    const shard = o.shard ? `, shard ${o.shard.index}/${o.shard.count} (${mine.length} of ${all.length} jobs)` : '';
    const head = `vmspec check: ${count(o.properties.length, 'property', 'properties')} × ${count(o.subjects.length, 'subject')}, ${o.runs} runs each, seed ${o.seed}, ${count(Math.min(o.workers, mine.length), 'worker')}${shard}`;
    io.out(`${wrapText(head, widthOf(io.columns), '  ')}\n`);
  }
  const started = performance.now();
  const bar = progress(io, mine.length);
  const lines = text && !io.tty ? subjectLines(io, mine.map(({ job }) => job), subjects) : () => {};
  const results = await runJobs(mine.map(({ job }) => { const { subject: _, ...plain } = job; return plain; }), o.workers, (i, result) => {
    bar.tick(`${mine[i]!.job.property} on ${mine[i]!.job.subject.name}`);
    if (result.kind === 'check') lines(i, result);
  });
  bar.clear();
  const report: CheckReport = {
    format: CHECK_REPORT_FORMAT, version: 1, seed: o.seed, runs: o.runs, subjects: o.subjects.map(({ name, select }) => ({ name, select })),
    properties: o.properties.map((p) => p.name), jobs: all.length, shard: o.shard, seconds: (performance.now() - started) / 1000,
    results: results.map((r, i): CheckResult => {
      const { job, index } = mine[i]!;
      const result = r as CheckJobResult;
      return { job: index, subject: job.subject.name, property: job.property, verdict: result.verdict, ms: result.ms, replay: replayOf(io, job, result) };
    }),
    notApplicable,
  };
  if (o.path !== undefined && report.results.every((r) => r.verdict.ok && r.verdict.runs === 0)) {
    io.err(`vmspec check: --path '${o.path}' names no case of seed ${o.seed} (copy the path printed with a failure, with its seed)\n`);
    return 2;
  }
  io.out(o.reporter === 'json' ? `${JSON.stringify(report, null, 2)}\n` : o.reporter === 'junit' ? checkJunit(report) : `\n${checkText(report, io)}`);
  return report.results.every((r) => r.verdict.ok) ? 0 : 1;
}

export const checkCommand = defineCommand(SPEC, async (args, io) => {
  if (args.switches.has('--list')) {
    io.out(namesList());
    return 0;
  }
  const parsed = options(args);
  if (!parsed.ok) {
    io.err(`vmspec check: ${parsed.error}\n`);
    return 2;
  }
  return check(parsed.options, io);
});
