/**
 * `vmspec verify PLUGIN [--runs N] [--seed S] [--json] [--out DIR] [--timeout MS]`:
 * loads a plug-in (a new optimization, docs/plugins.md), runs every emulator
 * property on it in a worker thread under a per-run time limit, and ends with
 * a verdict table, the cost report against the presets and, for each failure,
 * the shrunk counterexample, its saved replay file and trace, and the replay
 * command. Exit 0 all hold, 1 a property failed or a run timed out, 2 bad input.
 */
import { runVerify, type VerifyOutcome } from '../plugins/runVerify.ts';
import { COST_COLUMNS, COST_WORKLOADS } from '../plugins/costReport.ts';
import type { VerifyVerdict } from '../plugins/verifyMessages.ts';
import { lastValue, parseArgs, positiveCountOption, seedOption } from './args.ts';
import type { Command } from './io.ts';

/** Runs per property when `--runs` is not given. */
export const DEFAULT_VERIFY_RUNS = 100;
/** The time one emulator run may take when `--timeout` is not given. */
export const DEFAULT_RUN_TIMEOUT_MS = 10_000;
/** Where counterexamples go when `--out` is not given. */
export const DEFAULT_VERIFY_OUT = '.vmspec/counterexamples';

/** The usage line. */
export const VERIFY_USAGE = 'verify PLUGIN [--runs N] [--seed S] [--json] [--out DIR] [--timeout MS]';

const FLAGS = { '--runs': 'value', '--seed': 'value', '--json': 'switch', '--out': 'value', '--timeout': 'value' } as const;

interface Options {
  readonly path: string;
  readonly runs: number;
  readonly seed: number;
  readonly json: boolean;
  readonly out: string;
  readonly timeoutMs: number;
}

function options(argv: readonly string[]): { ok: true; options: Options } | { ok: false; error: string } {
  const parsed = parseArgs(argv, FLAGS);
  if (!parsed.ok) return parsed;
  const { args } = parsed;
  const [path, extra] = args.positional;
  if (path === undefined) return { ok: false, error: `give a plug-in file (usage: vmspec ${VERIFY_USAGE})` };
  if (extra !== undefined) return { ok: false, error: `unexpected argument '${extra}' (one plug-in at a time)` };
  const runs = positiveCountOption(args, '--runs', DEFAULT_VERIFY_RUNS);
  if (!runs.ok) return runs;
  const timeout = positiveCountOption(args, '--timeout', DEFAULT_RUN_TIMEOUT_MS);
  if (!timeout.ok) return timeout;
  const seed = seedOption(args);
  if (!seed.ok) return seed;
  return {
    ok: true,
    options: { path, runs: runs.value, seed: seed.seed, json: args.switches.has('--json'), out: lastValue(args, '--out') ?? DEFAULT_VERIFY_OUT, timeoutMs: timeout.value },
  };
}

const cellOf = (v: VerifyVerdict): string => (v.verdict === undefined ? 'n/a' : v.verdict.ok ? 'pass' : 'FAIL');

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

/** The replay command of a saved counterexample. */
export function replayLine(replay: string): string {
  return `node bin/vmspec.js replay ${replay}`;
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

function text(options: Options, outcome: Extract<VerifyOutcome, { kind: 'verified' }>): string {
  const { plugin, verdicts, cost } = outcome;
  const lines: string[] = [];
  const replaced = plugin.replaces.map((axis) => (plugin.choiceNames[axis] ? `${axis} (${plugin.choiceNames[axis]})` : axis)).join(', ');
  lines.push(`plug-in ${plugin.name}${plugin.description ? `: ${plugin.description}` : ''}`);
  lines.push(`  base ${plugin.base}${plugin.base === plugin.baseVariant ? "" : ` (${plugin.baseVariant})`}; replaces ${replaced || 'nothing'}; own spec machines: ${plugin.fragments.join(', ') || 'none'}`);
  lines.push('');
  lines.push(table([
    ['property', 'verdict', 'runs', 'time', 'note'],
    ...verdicts.map((v) => [v.property, cellOf(v), v.verdict ? String(v.verdict.runs) : '-', v.verdict ? `${(v.ms / 1000).toFixed(2)}s` : '-', v.note ?? '']),
    ...(outcome.stopped?.kind === 'timeout' ? [[outcome.stopped.phase, 'TIMEOUT', String(outcome.stopped.run), '-', 'stopped at the time limit']] : []),
  ]));
  if (cost !== undefined) {
    lines.push('', `cost report: counters summed over ${COST_WORKLOADS.map((w) => w.name).join(', ')}`);
    const columns = Object.keys(COST_COLUMNS);
    lines.push(table([['subject', ...columns], ...cost.map((r) => [r.subject, ...columns.map((c) => (r.totals ? String(r.totals[c]) : 'threw'))])]));
    for (const r of cost) if (r.error !== undefined) lines.push(`  ${r.subject} threw: ${r.error}`);
  }
  for (const v of verdicts) {
    if (v.verdict === undefined || v.verdict.ok) continue;
    lines.push('', `FAIL ${v.property} on ${plugin.name}`, `  error: ${v.verdict.error}`, `  counterexample: ${v.verdict.counterexample}`);
    lines.push(`  seed: ${v.verdict.seed}${v.verdict.path === undefined ? '' : `, path ${v.verdict.path}`}`);
    if (v.saved) lines.push(`  saved: ${v.saved.replay} (replay file), ${v.saved.trace} (trace)`, `  replay: ${replayLine(v.saved.replay)}`);
    if (v.saveError) lines.push(`  not saved: ${v.saveError}`);
  }
  const stop = stopText(outcome);
  if (stop !== undefined) lines.push('', stop);
  const judged = verdicts.filter((v) => v.verdict !== undefined).length;
  const na = verdicts.length - judged;
  const bad = failed(outcome);
  lines.push('', bad === 0
    ? `verdict: ${plugin.name} passes ${judged} properties${na ? ` (${na} n/a)` : ''} (seed ${options.seed}, ${options.runs} runs each)`
    : `verdict: ${plugin.name} FAILS: ${bad} problem(s) (seed ${options.seed}, ${options.runs} runs each)`);
  return `${lines.join('\n')}\n`;
}

function json(options: Options, outcome: Extract<VerifyOutcome, { kind: 'verified' }>): string {
  return `${JSON.stringify({
    plugin: outcome.plugin,
    path: options.path,
    seed: options.seed,
    runs: options.runs,
    timeoutMs: options.timeoutMs,
    ok: failed(outcome) === 0,
    verdicts: outcome.verdicts.map((v) => ({
      property: v.property,
      verdict: cellOf(v).toLowerCase(),
      ...(v.verdict ? { runs: v.verdict.runs, ms: Math.round(v.ms) } : {}),
      ...(v.note ? { note: v.note } : {}),
      ...(v.verdict && !v.verdict.ok ? { error: v.verdict.error, counterexample: v.verdict.counterexample, seed: v.verdict.seed, path: v.verdict.path ?? null } : {}),
      ...(v.saved ? { saved: v.saved, replay: replayLine(v.saved.replay) } : {}),
    })),
    cost: outcome.cost ?? null,
    stopped: outcome.stopped ?? null,
  }, null, 2)}\n`;
}

export const verifyCommand: Command = async (argv, io) => {
  const parsed = options(argv);
  if (!parsed.ok) {
    io.err(`vmspec verify: ${parsed.error}\n`);
    return 2;
  }
  const opts = parsed.options;
  if (!opts.json) io.out(`vmspec verify ${opts.path}: ${opts.runs} runs per property, seed ${opts.seed}, time limit ${opts.timeoutMs} ms per run\n`);
  const outcome = await runVerify(
    { path: opts.path, cwd: process.cwd(), runs: opts.runs, seed: opts.seed, out: opts.out },
    { timeoutMs: opts.timeoutMs },
  );
  if (outcome.kind === 'load-error') {
    io.err(`vmspec verify: ${outcome.error}\n`);
    return 2;
  }
  io.out(opts.json ? json(opts, outcome) : text(opts, outcome));
  return failed(outcome) === 0 ? 0 : 1;
};
