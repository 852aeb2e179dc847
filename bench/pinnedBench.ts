/**
 * Pinned properties, measured (issue 24, item 2): for each pinned mutant, the
 * runs and milliseconds until its property first fails, over N seeds (1…N,
 * shrinking off), and how many of the other emulator properties catch it at
 * the small budget the pinning test gives them, over the same seeds (0: the
 * property is pinned by it). Figures only, never a timed test.
 * `VMSPEC_BENCH_SEEDS` lowers the seed count.
 */
import { meantProperty } from '../properties/mutants/huntMutant.ts';
import { PINNED_MUTANTS } from '../properties/mutants/pinnedMutants.ts';
import { EMULATOR_PROPERTIES } from '../properties/registry.ts';
import { fmt, timeToFailure } from './mutantBench.ts';

const SEEDS = 30;
const BUDGET = 1000;
/** The budget of the other properties in properties/pinnedMutants.prop.test.ts. */
const OTHERS_BUDGET = 20;

/** Prints one line per pinned mutant. */
export async function pinnedBench(out: (line: string) => void): Promise<void> {
  const seeds = Number(process.env['VMSPEC_BENCH_SEEDS'] ?? SEEDS);
  out(`pinned: ${PINNED_MUTANTS.length} mutants, seeds 1..${seeds}, at most ${BUDGET} runs, shrinking off; others at ${OTHERS_BUDGET} runs on the same seeds`);
  out('pinned: property          mutant                              found   mean runs   worst runs   mean ms   others caught');
  for (const mutant of PINNED_MUTANTS) {
    const property = meantProperty(mutant);
    const t = timeToFailure(mutant, property, seeds, BUDGET);
    const others = EMULATOR_PROPERTIES.filter((p) => p.name !== property.name)
      .map((p) => ({ name: p.name, found: timeToFailure(mutant, p, seeds, OTHERS_BUDGET).found }))
      .filter((o) => o.found > 0);
    const caught = others.length === 0 ? 'none' : others.map((o) => `${o.name} ${o.found}/${seeds}`).join(', ');
    out(`pinned: ${property.name.padEnd(17)} ${mutant.name.padEnd(35)} ${`${t.found}/${seeds}`.padStart(5)} ${fmt(t.meanRuns).padStart(11)} ${fmt(t.worstRuns, 0).padStart(12)} ${fmt(t.meanMs, 1).padStart(9)}   ${caught}`);
  }
}
