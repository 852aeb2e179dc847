/**
 * `vmspec check`: the main job. Runs every property over every variant with a
 * default budget, shows progress, and ends with a variant × property table;
 * each failure comes with its seed, counterexample and the one command that
 * replays it. `--json` prints one JSON document instead. `--mutant NAME`
 * checks a catalogued broken VMM instead (to see what a failure looks like).
 */
import { allVariants, parseVariant, variantName } from '../spec/index.ts';
import { ALL_PROPERTIES, NAMED_PROPERTIES, variantSubject, type PropertyVerdict, type Subject, type VmspecProperty } from '../properties/index.ts';
import { MUTANTS, mutantSubject } from '../properties/mutants/mutantCatalog.ts';
import { lastValue, parseArgs, positiveCountOption, seedOption } from './args.ts';
import type { Command } from './io.ts';

/** Random cases per property and variant when `--runs` is not given. */
export const DEFAULT_RUNS = 300;

/** One cell of the result table. */
export interface CheckResult {
  readonly variant: string;
  readonly property: string;
  readonly verdict: PropertyVerdict;
  readonly ms: number;
  readonly replay: string | undefined;
}

const FLAGS = {
  '--variant': 'value', '--mutant': 'value', '--property': 'value', '--runs': 'value', '--seed': 'value', '--path': 'value', '--json': 'switch',
} as const;

/** A subject with the `check` arguments that select it again. */
interface Target {
  readonly subject: Subject;
  readonly select: string;
}

type Options = { targets: readonly Target[]; properties: readonly VmspecProperty[]; runs: number; seed: number; path: string | undefined; json: boolean };

function options(argv: readonly string[]): { ok: true; options: Options } | { ok: false; error: string } {
  const parsed = parseArgs(argv, FLAGS);
  if (!parsed.ok) return parsed;
  const { args } = parsed;
  if (args.positional.length > 0) return { ok: false, error: `unexpected argument '${args.positional[0]}'` };
  const targets: Target[] = [];
  for (const text of args.values.get('--variant') ?? []) {
    const v = parseVariant(text);
    if (!v.ok) return { ok: false, error: v.error };
    targets.push({ subject: variantSubject(v.variant), select: `--variant ${variantName(v.variant)}` });
  }
  for (const name of args.values.get('--mutant') ?? []) {
    const mutant = MUTANTS.find((m) => m.name === name);
    if (!mutant) return { ok: false, error: `unknown mutant '${name}' (known: ${MUTANTS.map((m) => m.name).join(', ')})` };
    targets.push({ subject: mutantSubject(mutant), select: `--mutant ${name}` });
  }
  const properties: VmspecProperty[] = [];
  for (const name of args.values.get('--property') ?? []) {
    const p = NAMED_PROPERTIES.find((q) => q.name === name);
    if (!p) return { ok: false, error: `unknown property '${name}' (known: ${NAMED_PROPERTIES.map((q) => q.name).join(', ')})` };
    properties.push(p);
  }
  const runs = positiveCountOption(args, '--runs', DEFAULT_RUNS);
  if (!runs.ok) return runs;
  const seed = seedOption(args);
  if (!seed.ok) return seed;
  return {
    ok: true,
    options: {
      targets: targets.length ? targets : allVariants().map((v) => ({ subject: variantSubject(v), select: `--variant ${variantName(v)}` })),
      properties: properties.length ? properties : ALL_PROPERTIES,
      runs: runs.value,
      seed: seed.seed,
      path: lastValue(args, '--path'),
      json: args.switches.has('--json'),
    },
  };
}

function replayCommand(select: string, property: string, verdict: PropertyVerdict, runs: number): string | undefined {
  if (verdict.ok) return undefined;
  const path = verdict.path === undefined ? '' : ` --path '${verdict.path}'`;
  return `node bin/vmspec.js check ${select} --property ${property} --runs ${runs} --seed ${verdict.seed}${path}`;
}

function table(results: readonly CheckResult[], properties: readonly VmspecProperty[]): string {
  const variants = [...new Set(results.map((r) => r.variant))];
  const cell = (r: CheckResult | undefined) => (r ? `${r.verdict.ok ? 'pass' : 'FAIL'} ${r.verdict.runs} ${(r.ms / 1000).toFixed(2)}s` : 'n/a');
  const rows = [['variant', ...properties.map((p) => p.name)], ...variants.map((v) => [v, ...properties.map((p) => cell(results.find((r) => r.variant === v && r.property === p.name)))])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((text, c) => text.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

export const checkCommand: Command = async (argv, io) => {
  const parsed = options(argv);
  if (!parsed.ok) {
    io.err(`vmspec check: ${parsed.error}\n`);
    return 2;
  }
  const { targets, properties, runs, seed, path, json } = parsed.options;
  const started = performance.now();
  const results: CheckResult[] = [];
  if (!json) io.out(`vmspec check: ${properties.length} properties × ${targets.length} subjects, ${runs} runs each, seed ${seed}\n`);
  for (const [i, { subject, select }] of targets.entries()) {
    const name = subject.name;
    const before = results.length;
    for (const property of properties) {
      if (property.appliesTo && !property.appliesTo(subject)) continue;
      const t0 = performance.now();
      const verdict = property.check({ subject, runs, seed, ...(path === undefined ? {} : { path }) });
      results.push({ variant: name, property: property.name, verdict, ms: performance.now() - t0, replay: replayCommand(select, property.name, verdict, runs) });
    }
    if (!json) {
      const mine = results.slice(before);
      const failed = mine.filter((r) => !r.verdict.ok).length;
      io.out(`[${String(i + 1).padStart(2)}/${targets.length}] ${name.padEnd(40)} ${failed === 0 ? 'ok' : `${failed} FAILED`}\n`);
    }
  }
  const failures = results.filter((r) => !r.verdict.ok);
  const seconds = (performance.now() - started) / 1000;
  if (json) {
    io.out(`${JSON.stringify({ seed, runs, passed: results.length - failures.length, failed: failures.length, seconds, results }, null, 2)}\n`);
    return failures.length === 0 ? 0 : 1;
  }
  io.out(`\n${table(results, properties)}\n`);
  for (const f of failures) {
    if (f.verdict.ok) continue;
    io.out(`\nFAIL ${f.property} on ${f.variant}\n  error: ${f.verdict.error}\n  seed: ${f.verdict.seed}\n  counterexample: ${f.verdict.counterexample}\n  replay: ${f.replay}\n`);
  }
  io.out(`\n${results.length - failures.length} passed, ${failures.length} failed in ${seconds.toFixed(1)}s (seed ${seed})\n`);
  return failures.length === 0 ? 0 : 1;
};
