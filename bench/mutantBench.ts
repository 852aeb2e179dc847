/**
 * Teeth, measured (issue 12): for each catalogued mutant, the mean number of
 * runs and milliseconds until the property meant for it first fails, over 30
 * seeds (as Hritcu et al. report mean time to failure), with shrinking off so
 * that the time is the time to find; then the size of its shrunk
 * counterexample (guest instructions) on one seed. Then the two forms of
 * noninterference, end-to-end and single-step, on every mutant either
 * catches. Figures only, never a timed test.
 */
import fc from 'fast-check';
import { scenarioArbitrary } from '../properties/arbitraries/workloadArbitrary.ts';
import { meantProperty } from '../properties/mutants/huntMutant.ts';
import { MUTANTS, mutantSubject, type Mutant } from '../properties/mutants/mutantCatalog.ts';
import { noninterference, noninterferenceStep } from '../properties/noninterference.ts';
import type { VmspecProperty } from '../properties/property.ts';
import { scenarioSize } from '../properties/scenarioProperty.ts';

const SEEDS = 30;
const BUDGET = 1000;

/** Runs and time until a property first fails on a mutant, over seeds 1…N. */
export interface TimeToFailure {
  readonly found: number;
  readonly meanRuns: number;
  /** The most runs any seed needed: near the test budget (200), the test is flaky. */
  readonly worstRuns: number;
  readonly meanMs: number;
}

/** Seeds 1…`seeds`, at most `budget` runs each, shrinking off. */
export function timeToFailure(mutant: Mutant, property: VmspecProperty, seeds: number, budget = BUDGET): TimeToFailure {
  const subject = mutantSubject(mutant);
  const judge = property.judge!;
  let found = 0;
  let runs = 0;
  let worst = 0;
  let ms = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const start = performance.now();
    const details = fc.check(fc.property(scenarioArbitrary, (s) => judge(subject, s)), { seed, numRuns: budget, endOnFailure: true });
    ms += performance.now() - start;
    if (!details.failed) continue;
    found++;
    runs += details.numRuns;
    worst = Math.max(worst, details.numRuns);
  }
  return { found, meanRuns: found === 0 ? NaN : runs / found, worstRuns: found === 0 ? NaN : worst, meanMs: ms / seeds };
}

function shrunkSize(mutant: Mutant, property: VmspecProperty): number | undefined {
  const verdict = property.check({ subject: mutantSubject(mutant), runs: BUDGET, seed: 1 });
  return verdict.ok || verdict.scenario === undefined ? undefined : scenarioSize(verdict.scenario);
}

export const fmt = (n: number, digits = 1) => (Number.isNaN(n) ? '-' : n.toFixed(digits));

/** Prints the catalog's figures. `VMSPEC_BENCH_SEEDS` lowers the seed count for a quick look. */
export async function mutantBench(out: (line: string) => void): Promise<void> {
  const seeds = Number(process.env['VMSPEC_BENCH_SEEDS'] ?? SEEDS);
  out(`mutants: ${MUTANTS.length} mutants, ${seeds} seeds each, at most ${BUDGET} runs, shrinking off while timing`);
  out('mutants: mutant                            property         found   mean runs   worst runs   mean ms   shrunk size');
  for (const mutant of MUTANTS) {
    const property = meantProperty(mutant);
    const t = timeToFailure(mutant, property, seeds);
    out(`mutants: ${mutant.name.padEnd(33)} ${property.name.padEnd(16)} ${`${t.found}/${seeds}`.padStart(5)} ${fmt(t.meanRuns).padStart(11)} ${fmt(t.worstRuns, 0).padStart(12)} ${fmt(t.meanMs, 0).padStart(9)} ${String(shrunkSize(mutant, property) ?? '-').padStart(13)}`);
  }
  out('mutants: noninterference, end-to-end vs single-step (mutants either form catches)');
  out('mutants: mutant                            e2e found   e2e runs   e2e ms   step found   step runs   step ms');
  for (const mutant of MUTANTS) {
    const e2e = timeToFailure(mutant, noninterference, seeds);
    if (e2e.found === 0) {
      const step = timeToFailure(mutant, noninterferenceStep, Math.min(3, seeds));
      if (step.found === 0) continue;
    }
    const step = timeToFailure(mutant, noninterferenceStep, seeds);
    out(`mutants: ${mutant.name.padEnd(33)} ${`${e2e.found}/${seeds}`.padStart(9)} ${fmt(e2e.meanRuns).padStart(10)} ${fmt(e2e.meanMs, 0).padStart(8)} ${`${step.found}/${seeds}`.padStart(12)} ${fmt(step.meanRuns).padStart(11)} ${fmt(step.meanMs, 0).padStart(9)}`);
  }
}
