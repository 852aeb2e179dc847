/**
 * `vmspec mutants`: hunts every catalogued mutant with the emulator
 * properties, spread over worker threads, and shows, for each, the property
 * that caught it, the runs it took and the size of the shrunk counterexample,
 * saved in DIR as a replay file and a trace. Exit 1 when a mutant slipped
 * through: the suites have lost their teeth.
 */
import { MUTANTS, mutantSubject } from '../properties/mutants/mutantCatalog.ts';
import { saveCounterexample } from '../properties/replayFile.ts';
import { variantName } from '../spec/index.ts';
import {
  inShard, JSON_OPTION, lastValue, positiveCountOption, REPORTER_OPTION, reporterOption, SEED_OPTION, seedOption, SHARD_PART_OPTION, shardOption,
  WORKERS_OPTION, workersOption,
} from './args.ts';
import type { HuntJob, HuntResult } from './checkJobs.ts';
import { defineCommand } from './commandSpec.ts';
import { invocationOf, type CliIo } from './io.ts';
import { mutantByName } from './names.ts';
import { progress } from './progress.ts';
import { paint } from './style.ts';
import { formatTable } from './table.ts';
import { xml } from './xml.ts';
import { runJobs } from './workerPool.ts';

/** Runs per property when `--runs` is not given. */
export const DEFAULT_MUTANT_RUNS = 100;
const DEFAULT_OUT = '.vmspec/counterexamples';

function junit(hunts: readonly HuntResult[], seed: number): string {
  const cases = hunts.map((h) => (h.caught
    ? `    <testcase classname="mutants" name="${xml(h.mutant)}"/>`
    : `    <testcase classname="mutants" name="${xml(h.mutant)}">\n      <failure message="not caught in ${h.runs} runs" type="MutantMissed">replay: vmspec mutants --mutant ${xml(h.mutant)} --seed ${seed}</failure>\n    </testcase>`));
  const missed = hunts.filter((h) => !h.caught).length;
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="vmspec mutants (seed ${seed})" tests="${hunts.length}" failures="${missed}">`,
    `  <testsuite name="mutants" tests="${hunts.length}" failures="${missed}" errors="0">`, ...cases, '  </testsuite>', '</testsuites>', ''].join('\n');
}

function text(hunts: readonly HuntResult[], out: string, seed: number, runs: number, io: CliIo): string {
  const rows = [['mutant', 'variant', 'caught by', 'runs', 'instructions', 'trace events'], ...hunts.map((h) => {
    const base = variantName(MUTANTS.find((m) => m.name === h.mutant)!.base);
    return h.caught ? [h.mutant, base, h.property, String(h.runs), String(h.size), String(h.traceEvents)] : [h.mutant, base, 'NOT CAUGHT', String(h.runs), '-', '-'];
  })];
  const missed = hunts.filter((h) => !h.caught).length;
  const summary = `${hunts.length - missed} of ${hunts.length} mutants caught (seed ${seed}, ${runs} runs per property)`;
  return [
    formatTable(rows, io),
    '',
    ...hunts.flatMap((h) => (h.caught ? [`${h.mutant}: ${h.error}`] : [])),
    '',
    `counterexamples in ${out}/: replay one with  ${invocationOf(io)} replay ${out}/<mutant>.replay.json`,
    paint(io, missed === 0 ? 'green' : ['red', 'bold'], summary),
    '',
    'What "caught" means: some emulator property failed on the broken VMM within the budget, so the suites would notice',
    'that mistake; a mutant NOT CAUGHT means the properties have lost their teeth for it.',
    '',
  ].join('\n');
}

export const mutantsCommand = defineCommand({
  name: 'mutants',
  summary: 'hunt the catalogued broken VMMs; save each counterexample as a replay file and a trace',
  details: 'Exit 0 every mutant caught, 1 one slipped through (the suites lost their teeth), 2 bad input.',
  options: [
    { flag: '--mutant', value: 'M', repeatable: true, description: 'hunt only this mutant (see --list)', default: 'all' },
    { flag: '--runs', value: 'N', description: 'random cases per property', default: String(DEFAULT_MUTANT_RUNS) },
    SEED_OPTION,
    { flag: '--out', value: 'DIR', description: 'where counterexamples are saved', default: DEFAULT_OUT },
    WORKERS_OPTION, SHARD_PART_OPTION, REPORTER_OPTION, JSON_OPTION,
    { flag: '--list', description: 'list the mutants and their mistakes, and exit' },
  ],
  examples: ['mutants', 'mutants --mutant forgets-reprotect --seed 3', 'mutants --reporter junit > mutants.xml'],
}, async (args, io) => {
  const fail = (error: string): number => {
    io.err(`vmspec mutants: ${error}\n`);
    return 2;
  };
  if (args.switches.has('--list')) {
    io.out(`${MUTANTS.map((m) => `${m.name.padEnd(28)} ${variantName(m.base).padEnd(40)} ${m.mistake}`).join('\n')}\n`);
    return 0;
  }
  if (args.positional.length > 0) return fail(`unexpected argument '${args.positional[0]}' (mutants takes only options)`);
  const chosen: string[] = [];
  for (const name of args.values.get('--mutant') ?? []) {
    const m = mutantByName(name);
    if (!m.ok) return fail(m.error);
    chosen.push(name);
  }
  const runs = positiveCountOption(args, '--runs', DEFAULT_MUTANT_RUNS);
  if (!runs.ok) return fail(runs.error);
  const seed = seedOption(args);
  if (!seed.ok) return fail(seed.error);
  const workers = workersOption(args);
  if (!workers.ok) return fail(workers.error);
  const shard = shardOption(args);
  if (!shard.ok) return fail(shard.error);
  const reporter = reporterOption(args);
  if (!reporter.ok) return fail(reporter.error);
  const out = lastValue(args, '--out') ?? DEFAULT_OUT;
  const names = (chosen.length > 0 ? chosen : MUTANTS.map((m) => m.name)).filter((_, i) => inShard(i, shard.value));
  const jobs: HuntJob[] = names.map((mutant) => ({ kind: 'hunt', mutant, runs: runs.value, seed: seed.seed }));
  const bar = progress(io, jobs.length);
  const hunts = (await runJobs(jobs, workers.value, (i) => bar.tick(jobs[i]!.mutant))) as HuntResult[];
  bar.clear();
  const saved: Record<string, { replay: string; trace: string }> = {};
  for (const h of hunts) {
    if (!h.caught || h.scenario === undefined) continue;
    const mutant = MUTANTS.find((m) => m.name === h.mutant)!;
    const result = await saveCounterexample(out, h.mutant, mutantSubject(mutant), h.property, h.scenario, seed.seed);
    if (!result.ok) return fail(result.error);
    saved[h.mutant] = result.saved;
  }
  const missed = hunts.filter((h) => !h.caught).length;
  if (reporter.value === 'json') {
    const mutants = hunts.map(({ kind: _, scenario: __, ...h }: HuntResult & { scenario?: unknown }) => ({
      ...h, mistake: MUTANTS.find((m) => m.name === h.mutant)!.mistake, variant: variantName(MUTANTS.find((m) => m.name === h.mutant)!.base),
      ...(saved[h.mutant] ? { saved: saved[h.mutant], replay: `${invocationOf(io)} replay ${saved[h.mutant]!.replay}` } : {}),
    }));
    io.out(`${JSON.stringify({ seed: seed.seed, runs: runs.value, shard: shard.value, caught: hunts.length - missed, missed, mutants }, null, 2)}\n`);
  } else {
    io.out(reporter.value === 'junit' ? junit(hunts, seed.seed) : text(hunts, out, seed.seed, runs.value, io));
  }
  return missed === 0 ? 0 : 1;
});
