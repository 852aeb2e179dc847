/**
 * Reading option values shared by several commands (counts, seeds, workers,
 * shards, reporters), each with a one-line error naming the option.
 */
import { parseSeed } from '../properties/seed.ts';
import type { OptionSpec } from './commandSpec.ts';
import { defaultWorkers } from './workerPool.ts';

/** The parsed arguments (cli/commandSpec.ts reads them from the command line). */
export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly switches: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, readonly string[]>;
}

/** The last value given for `name`, if any. */
export function lastValue(args: ParsedArgs, name: string): string | undefined {
  return args.values.get(name)?.at(-1);
}

/** Parses a non-negative integer option value, or explains why not. */
export function parseCount(name: string, text: string): { ok: true; value: number } | { ok: false; error: string } {
  if (!/^\d+$/.test(text)) return { ok: false, error: `option '${name}' needs a whole number, got '${text}'` };
  const value = Number(text);
  return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, error: `option '${name}' is too large: '${text}'` };
}

/** A count option that must be at least 1 (`--runs`, `--timeout`), or `fallback` when absent. */
export function positiveCountOption(args: ParsedArgs, name: string, fallback: number): { ok: true; value: number } | { ok: false; error: string } {
  const text = lastValue(args, name);
  if (text === undefined) return { ok: true, value: fallback };
  const count = parseCount(name, text);
  if (!count.ok) return count;
  return count.value === 0 ? { ok: false, error: `option '${name}' must be at least 1` } : count;
}

/** The `--seed` option, or a fresh random seed when absent (it is printed by the caller, so the run replays). */
export function seedOption(args: ParsedArgs): { ok: true; seed: number } | { ok: false; error: string } {
  const text = lastValue(args, '--seed');
  if (text === undefined) return { ok: true, seed: Math.floor(Math.random() * 0x7fff_ffff) };
  const seed = parseSeed(text);
  return seed.ok ? seed : { ok: false, error: `option '--seed': ${seed.error}` };
}

/** `--seed S`, as every random command declares it. */
export const SEED_OPTION: OptionSpec = { flag: '--seed', value: 'S', description: 'the seed of the random runs (printed when not given, so a run replays)', default: 'a fresh one' };

/** `--workers N`: worker threads for the jobs. */
export const WORKERS_OPTION: OptionSpec = { flag: '--workers', value: 'N', description: 'worker threads to spread the jobs over (1: run in this thread); same verdicts for any N', default: "this machine's cores" };

/** `--shard I/N`: only part of the jobs, for a CI matrix; `vmspec merge` joins the reports. */
export const SHARD_OPTION: OptionSpec = { flag: '--shard', value: 'I/N', description: 'run only the I-th of N equal parts of the jobs (join the JSON reports with vmspec merge)' };

/** `--shard I/N` where `merge` does not join the reports: each JSON report names its jobs. */
export const SHARD_PART_OPTION: OptionSpec = { flag: '--shard', value: 'I/N', description: 'run only the I-th of N equal parts of the jobs, for a CI matrix (jobs I, I+N, …)' };

/** The output formats of check, mutants and verify. */
export const REPORTERS = ['text', 'json', 'junit'] as const;
export type Reporter = (typeof REPORTERS)[number];

/** `--reporter R`. */
export const REPORTER_OPTION: OptionSpec = { flag: '--reporter', value: 'R', description: `output format: ${REPORTERS.join(', ')}`, default: 'text' };
/** `--json`, the same as `--reporter json`. */
export const JSON_OPTION: OptionSpec = { flag: '--json', description: 'the same as --reporter json' };

/** The `--workers` option, or the machine's cores. */
export function workersOption(args: ParsedArgs): { ok: true; value: number } | { ok: false; error: string } {
  return positiveCountOption(args, '--workers', defaultWorkers());
}

/** The I-th of N parts of a run's jobs (1 ≤ I ≤ N). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The `--shard I/N` option, or null when absent. */
export function shardOption(args: ParsedArgs): { ok: true; value: Shard | null } | { ok: false; error: string } {
  const text = lastValue(args, '--shard');
  if (text === undefined) return { ok: true, value: null };
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count || !Number.isSafeInteger(count)) {
    return { ok: false, error: `option '--shard' needs I/N with 1 ≤ I ≤ N, e.g. 2/4, got '${text}'` };
  }
  return { ok: true, value: { index, count } };
}

/** The `--reporter` option (`--json` means json). */
export function reporterOption(args: ParsedArgs): { ok: true; value: Reporter } | { ok: false; error: string } {
  const text = lastValue(args, '--reporter');
  if (text === undefined) return { ok: true, value: args.switches.has('--json') ? 'json' : 'text' };
  const reporter = REPORTERS.find((r) => r === text);
  return reporter ? { ok: true, value: reporter } : { ok: false, error: `option '--reporter' must be one of ${REPORTERS.join(', ')}, got '${text}'` };
}

/** True when job `job` of the plan belongs to `shard`. */
export const inShard = (job: number, shard: Shard | null): boolean => shard === null || job % shard.count === shard.index - 1;
