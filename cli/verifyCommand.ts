/**
 * `vmspec verify PLUGIN [--runs N] [--seed S] [--workers N] [--shard I/N] [--reporter R] [--out DIR] [--timeout MS]`:
 * loads a plug-in (a new optimization, docs/plugins.md), runs every emulator
 * property on it spread over worker threads (each loads the plug-in itself)
 * under a per-run time limit, and ends with
 * a verdict table, the cost report against the presets and, for each failure,
 * the shrunk counterexample, its saved replay file and trace, and the replay
 * command. Exit 0 all hold, 1 a property failed or a run timed out, 2 bad input.
 */
import { runVerify, type VerifyOutcome } from '../plugins/runVerify.ts';
import { VERIFY_STEPS } from '../plugins/verifyJob.ts';
import { COST_COLUMNS, COST_WORKLOADS } from '../plugins/costReport.ts';
import type { VerifyVerdict } from '../plugins/verifyMessages.ts';
import {
  inShard, JSON_OPTION, lastValue, positiveCountOption, REPORTER_OPTION, reporterOption, SEED_OPTION, seedOption, shardOption,
  WORKERS_OPTION, workersOption, type ParsedArgs, type Reporter, type Shard,
} from './args.ts';
import { defineCommand } from './commandSpec.ts';
import { invocationOf, type CliIo } from './io.ts';
import { progress } from './progress.ts';
import { formatTable } from './table.ts';
import { xml } from './xml.ts';

/** Runs per property when `--runs` is not given. */
export const DEFAULT_VERIFY_RUNS = 100;
/** The time one emulator run may take when `--timeout` is not given. */
export const DEFAULT_RUN_TIMEOUT_MS = 10_000;
/** Where counterexamples go when `--out` is not given. */
export const DEFAULT_VERIFY_OUT = '.vmspec/counterexamples';


interface Options {
  readonly path: string;
  readonly runs: number;
  readonly seed: number;
  readonly reporter: Reporter;
  readonly out: string;
  readonly timeoutMs: number;
  readonly workers: number;
  readonly shard: Shard | null;
}

function options(args: ParsedArgs): { ok: true; options: Options } | { ok: false; error: string } {
  const [path, extra] = args.positional;
  if (path === undefined) return { ok: false, error: 'give a plug-in file (see vmspec verify --help)' };
  if (extra !== undefined) return { ok: false, error: `unexpected argument '${extra}' (one plug-in at a time)` };
  const runs = positiveCountOption(args, '--runs', DEFAULT_VERIFY_RUNS);
  if (!runs.ok) return runs;
  const timeout = positiveCountOption(args, '--timeout', DEFAULT_RUN_TIMEOUT_MS);
  if (!timeout.ok) return timeout;
  const seed = seedOption(args);
  if (!seed.ok) return seed;
  const reporter = reporterOption(args);
  if (!reporter.ok) return reporter;
  const workers = workersOption(args);
  if (!workers.ok) return workers;
  const shard = shardOption(args);
  if (!shard.ok) return shard;
  return {
    ok: true,
    options: {
      path, runs: runs.value, seed: seed.seed, reporter: reporter.value, out: lastValue(args, '--out') ?? DEFAULT_VERIFY_OUT, timeoutMs: timeout.value,
      workers: workers.value, shard: shard.value,
    },
  };
}

const cellOf = (v: VerifyVerdict): string => (v.verdict === undefined ? 'n/a' : v.verdict.ok ? 'pass' : 'FAIL');

/** The replay command of a saved counterexample. */
export function replayLine(io: CliIo, replay: string): string {
  return `${invocationOf(io)} replay ${replay}`;
}

function failed(outcome: Extract<VerifyOutcome, { kind: 'verified' }>): number {
  return outcome.verdicts.filter((v) => v.verdict !== undefined && !v.verdict.ok).length + (outcome.stopped ? 1 : 0);
}

function stopText(outcome: Extract<VerifyOutcome, { kind: 'verified' }>): string | undefined {
  const { stopped } = outcome;
  if (stopped === undefined) return undefined;
  if (stopped.kind === 'crash') return `CRASHED: the verifier's worker failed: ${stopped.error}`;
  const where = stopped.run > 0 ? `in run ${stopped.run} of ${stopped.phase}` : `in ${stopped.phase}, before its first run`;
  return `TIMEOUT: timed out after ${stopped.ms} ms ${where} (the plug-in loops, or a run is slower than --timeout); the worker was stopped`;
}

function text(options: Options, outcome: Extract<VerifyOutcome, { kind: 'verified' }>, io: CliIo): string {
  const { plugin, verdicts, cost } = outcome;
  const lines: string[] = [];
  const replaced = plugin.replaces.map((axis) => (plugin.choiceNames[axis] ? `${axis} (${plugin.choiceNames[axis]})` : axis)).join(', ');
  lines.push(`plug-in ${plugin.name}${plugin.description ? `: ${plugin.description}` : ''}`);
  lines.push(`  base ${plugin.base}${plugin.base === plugin.baseVariant ? "" : ` (${plugin.baseVariant})`}; replaces ${replaced || 'nothing'}; own spec machines: ${plugin.fragments.join(', ') || 'none'}${plugin.standardSpecs.length > 0 ? `; standard ones named: ${plugin.standardSpecs.join(', ')}` : ''}`);
  lines.push('');
  lines.push(formatTable([
    ['property', 'verdict', 'runs', 'time', 'note'],
    ...verdicts.map((v) => [v.property, cellOf(v), v.verdict ? String(v.verdict.runs) : '-', v.verdict ? `${(v.ms / 1000).toFixed(2)}s` : '-', v.note ?? '']),
    ...(outcome.stopped?.kind === 'timeout' ? [[outcome.stopped.phase, 'TIMEOUT', String(outcome.stopped.run), '-', 'stopped at the time limit']] : []),
  ], io));
  if (cost !== undefined) {
    lines.push('', `cost report: counters summed over ${COST_WORKLOADS.map((w) => w.name).join(', ')}`);
    const columns = Object.keys(COST_COLUMNS);
    lines.push(formatTable([['subject', ...columns], ...cost.map((r) => [r.subject, ...columns.map((c) => (r.totals ? String(r.totals[c]) : 'threw'))])], io));
    for (const r of cost) if (r.error !== undefined) lines.push(`  ${r.subject} threw: ${r.error}`);
  }
  for (const v of verdicts) {
    if (v.verdict === undefined || v.verdict.ok) continue;
    lines.push('', `FAIL ${v.property} on ${plugin.name}`, `  error: ${v.verdict.error}`, `  counterexample: ${v.verdict.counterexample}`);
    lines.push(`  seed: ${v.verdict.seed}${v.verdict.path === undefined ? '' : `, path ${v.verdict.path}`}`);
    if (v.saved) lines.push(`  saved: ${v.saved.replay} (replay file), ${v.saved.trace} (trace)`, `  replay: ${replayLine(io, v.saved.replay)}`);
    if (v.saveError) lines.push(`  not saved: ${v.saveError}`);
    if (v.nondeterministic) lines.push(`  not saved, NONDETERMINISTIC: ${v.nondeterministic}`);
  }
  const stop = stopText(outcome);
  if (stop !== undefined) lines.push('', stop);
  const judged = verdicts.filter((v) => v.verdict !== undefined).length;
  const na = verdicts.length - judged;
  const bad = failed(outcome);
  const run = `seed ${options.seed}, ${options.runs} runs each${options.shard ? `, shard ${options.shard.index}/${options.shard.count}` : ''}`;
  lines.push('', bad === 0
    ? `verdict: ${plugin.name} passes ${judged} properties${na ? ` (${na} n/a)` : ''} (${run})`
    : `verdict: ${plugin.name} FAILS: ${bad} problem(s) (${run})`);
  return `${lines.join('\n')}\n`;
}

function json(options: Options, outcome: Extract<VerifyOutcome, { kind: 'verified' }>, io: CliIo): string {
  return `${JSON.stringify({
    plugin: outcome.plugin,
    path: options.path,
    seed: options.seed,
    runs: options.runs,
    timeoutMs: options.timeoutMs,
    steps: VERIFY_STEPS.length,
    shard: options.shard,
    ok: failed(outcome) === 0,
    verdicts: outcome.verdicts.map((v) => ({
      step: VERIFY_STEPS.indexOf(v.property),
      property: v.property,
      verdict: cellOf(v).toLowerCase(),
      ...(v.verdict ? { runs: v.verdict.runs, ms: Math.round(v.ms) } : {}),
      ...(v.note ? { note: v.note } : {}),
      ...(v.verdict && !v.verdict.ok ? { error: v.verdict.error, counterexample: v.verdict.counterexample, seed: v.verdict.seed, path: v.verdict.path ?? null } : {}),
      ...(v.saved ? { saved: v.saved, replay: replayLine(io, v.saved.replay) } : {}),
      ...(v.nondeterministic ? { nondeterministic: v.nondeterministic } : {}),
    })),
    cost: outcome.cost ?? null,
    stopped: outcome.stopped ?? null,
  }, null, 2)}\n`;
}

function junit(options: Options, outcome: Extract<VerifyOutcome, { kind: 'verified' }>, io: CliIo): string {
  const name = outcome.plugin.name;
  const cases = outcome.verdicts.map((v) => {
    const head = `    <testcase classname="${xml(name)}" name="${xml(v.property)}" time="${(v.ms / 1000).toFixed(3)}"`;
    if (v.verdict === undefined) return `${head}>\n      <skipped message="${xml(v.note ?? 'n/a')}"/>\n    </testcase>`;
    if (v.verdict.ok) return `${head}/>`;
    const body = `seed: ${v.verdict.seed}\ncounterexample: ${v.verdict.counterexample}${v.saved ? `\nreplay: ${replayLine(io, v.saved.replay)}` : ''}`
      + (v.nondeterministic ? `\nnot saved, nondeterministic: ${v.nondeterministic}` : '');
    return `${head}>\n      <failure message="${xml(v.verdict.error)}" type="PropertyFailure">${xml(body)}</failure>\n    </testcase>`;
  });
  const stop = stopText(outcome);
  if (stop !== undefined) cases.push(`    <testcase classname="${xml(name)}" name="stopped">\n      <error message="${xml(stop)}"/>\n    </testcase>`);
  const bad = failed(outcome);
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="vmspec verify ${xml(options.path)} (seed ${options.seed})" tests="${cases.length}" failures="${bad}">`,
    `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${bad}" errors="0">`, ...cases, '  </testsuite>', '</testsuites>', ''].join('\n');
}

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'verify a plug-in (a new optimization): every emulator property, a cost report, counterexamples',
  arguments: 'PLUGIN',
  details: [
    'PLUGIN is a .ts, .mts, .js or .mjs module, anywhere, that default-exports defineVariant({...}) (docs/plugins.md).',
    `Its steps (${VERIFY_STEPS.join(', ')}) are spread over worker threads, each of which loads the plug-in and is watched:`,
    'a plug-in that throws or loops is reported, never hangs the verifier. The report is the same for any --workers.',
    'Exit 0 all properties hold, 1 a property failed or a run timed out, 2 bad input or a plug-in that does not load.',
  ].join('\n'),
  options: [
    { flag: '--runs', value: 'N', description: 'random cases per property', default: String(DEFAULT_VERIFY_RUNS) },
    SEED_OPTION,
    { flag: '--out', value: 'DIR', description: 'where counterexamples are saved', default: DEFAULT_VERIFY_OUT },
    { flag: '--timeout', value: 'MS', description: 'the longest one emulator run may take', default: String(DEFAULT_RUN_TIMEOUT_MS) },
    { ...WORKERS_OPTION, description: 'worker threads to spread the steps over, each loading the plug-in and watched; same report for any N' },
    { flag: '--shard', value: 'I/N', description: `run only the I-th of N equal parts of the ${VERIFY_STEPS.length} steps, for a CI matrix (its JSON report names them by step)` },
    REPORTER_OPTION, JSON_OPTION,
  ],
  examples: [
    'verify examples/systrap.ts',
    'verify my-plugins/read-only-kernel.ts --seed 7 --runs 500',
    'verify examples/skas3.ts --reporter junit > verify.xml',
    'verify examples/skas3.ts --seed 7 --shard 2/3 --reporter json > part2.json',
  ],
}, async (args, io) => {
  const parsed = options(args);
  if (!parsed.ok) {
    io.err(`vmspec verify: ${parsed.error}\n`);
    return 2;
  }
  const opts = parsed.options;
  const steps = VERIFY_STEPS.flatMap((_, step) => (inShard(step, opts.shard) ? [step] : []));
  const workers = Math.max(1, Math.min(opts.workers, steps.length));
  if (opts.reporter === 'text') {
    const shard = opts.shard ? `, shard ${opts.shard.index}/${opts.shard.count} (${steps.length} of ${VERIFY_STEPS.length} steps)` : '';
    io.out(`vmspec verify ${opts.path}: ${opts.runs} runs per property, seed ${opts.seed}, time limit ${opts.timeoutMs} ms per run, ${workers} worker(s)${shard}\n`);
  }
  const bar = progress(io, steps.length);
  const outcome = await runVerify(
    { path: opts.path, cwd: process.cwd(), runs: opts.runs, seed: opts.seed, out: opts.out, steps },
    { timeoutMs: opts.timeoutMs, workers, onMessage: (m) => (m.kind === 'verdict' || m.kind === 'cost' ? bar.tick(VERIFY_STEPS[m.step] ?? '') : undefined) },
  );
  bar.clear();
  if (outcome.kind === 'load-error') {
    io.err(`vmspec verify: ${outcome.error}\n`);
    return 2;
  }
  io.out(opts.reporter === 'json' ? json(opts, outcome, io) : opts.reporter === 'junit' ? junit(opts, outcome, io) : text(opts, outcome, io));
  return failed(outcome) === 0 ? 0 : 1;
});
