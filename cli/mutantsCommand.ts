/**
 * `vmspec mutants [--runs N] [--seed S] [--out DIR] [--json]`: hunts every
 * catalogued mutant with the emulator properties and shows, for each, the
 * property that caught it, the runs it took and the size of the shrunk
 * counterexample, saved in DIR as a replay file and a trace. Exit 1 when a
 * mutant slipped through: the suites have lost their teeth.
 */
import { huntMutant, type Hunt } from '../properties/mutants/huntMutant.ts';
import { MUTANTS, mutantSubject } from '../properties/mutants/mutantCatalog.ts';
import { saveCounterexample } from '../properties/replayFile.ts';
import { variantName } from '../spec/index.ts';
import { lastValue, parseArgs, positiveCountOption, seedOption } from './args.ts';
import type { Command } from './io.ts';

/** Runs per property when `--runs` is not given. */
export const DEFAULT_MUTANT_RUNS = 100;

export const mutantsCommand: Command = async (argv, io) => {
  const parsed = parseArgs(argv, { '--runs': 'value', '--seed': 'value', '--out': 'value', '--json': 'switch' });
  if (!parsed.ok) {
    io.err(`vmspec mutants: ${parsed.error}\n`);
    return 2;
  }
  const { args } = parsed;
  if (args.positional.length > 0) {
    io.err(`vmspec mutants: unexpected argument '${args.positional[0]}'\n`);
    return 2;
  }
  const runs = positiveCountOption(args, '--runs', DEFAULT_MUTANT_RUNS);
  if (!runs.ok) {
    io.err(`vmspec mutants: ${runs.error}\n`);
    return 2;
  }
  const seed = seedOption(args);
  if (!seed.ok) {
    io.err(`vmspec mutants: ${seed.error}\n`);
    return 2;
  }
  const out = lastValue(args, '--out') ?? '.vmspec/counterexamples';
  const hunts: Hunt[] = [];
  const rows: string[][] = [['mutant', 'variant', 'caught by', 'runs', 'instructions', 'trace events']];
  const saved: Record<string, { replay: string; trace: string }> = {};
  for (const mutant of MUTANTS) {
    const hunt = huntMutant(mutant, { runs: runs.value, seed: seed.seed });
    hunts.push(hunt);
    if (!hunt.caught) {
      rows.push([mutant.name, variantName(mutant.base), 'NOT CAUGHT', String(hunt.runs), '-', '-']);
      continue;
    }
    rows.push([mutant.name, variantName(mutant.base), hunt.property, String(hunt.runs), String(hunt.size), String(hunt.traceEvents)]);
    if (hunt.failure.scenario) {
      const result = await saveCounterexample(out, mutant.name, mutantSubject(mutant), hunt.property, hunt.failure.scenario, seed.seed);
      if (!result.ok) {
        io.err(`vmspec mutants: ${result.error}\n`);
        return 2;
      }
      saved[mutant.name] = result.saved;
    }
  }
  const missed = hunts.filter((h) => !h.caught).length;
  if (args.switches.has('--json')) {
    const mutants = hunts.map((h) => ({
      mutant: h.mutant.name,
      mistake: h.mutant.mistake,
      variant: variantName(h.mutant.base),
      caught: h.caught,
      ...(h.caught ? { property: h.property, runs: h.runs, instructions: h.size, traceEvents: h.traceEvents, error: h.failure.error, saved: saved[h.mutant.name] } : { runs: h.runs }),
    }));
    io.out(`${JSON.stringify({ seed: seed.seed, runs: runs.value, caught: hunts.length - missed, missed, mutants }, null, 2)}\n`);
    return missed === 0 ? 0 : 1;
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  io.out(`${rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n')}\n\n`);
  for (const h of hunts) if (h.caught) io.out(`${h.mutant.name}: ${h.failure.error}\n`);
  io.out(`\ncounterexamples in ${out}/: replay one with  node bin/vmspec.js replay ${out}/<mutant>.replay.json\n`);
  io.out(`${hunts.length - missed} of ${hunts.length} mutants caught (seed ${seed.seed}, ${runs.value} runs per property)\n`);
  return missed === 0 ? 0 : 1;
};
