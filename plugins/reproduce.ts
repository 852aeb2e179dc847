/**
 * Before `vmspec verify` saves a shrunk counterexample, it judges it again the
 * way `vmspec replay` will: on the plug-in loaded afresh (new module state),
 * twice in a row. A plug-in whose strategies keep state outside a run (a
 * module-level counter) fails on some runs and not others; its
 * counterexample would pass on replay, so it is reported as nondeterminism in
 * the plug-in, not saved as if it were a counterexample.
 */
import type { Scenario } from '../properties/arbitraries/workloadArbitrary.ts';
import type { Subject, VmspecProperty } from '../properties/index.ts';

/** Re-runs of a counterexample: the first two on a fresh load are enough to see state carried between runs. */
export const REPRODUCE_RUNS = 2;

/** Whether `subject` fails `property` on `scenario` (a judge that throws anything fails it). */
function fails(property: VmspecProperty, subject: Subject, scenario: Scenario): boolean {
  try {
    property.judge?.(subject, scenario);
    return false;
  } catch {
    return true;
  }
}

/**
 * Undefined when the counterexample fails on every re-run on `fresh()` (the plug-in loaded again), else why it is
 * nondeterministic, in one line. A property that cannot judge one scenario is taken as reproducible.
 */
export async function notReproduced(
  property: VmspecProperty, scenario: Scenario, fresh: () => Promise<Subject | undefined>,
): Promise<string | undefined> {
  if (property.judge === undefined) return undefined;
  const subject = await fresh();
  if (subject === undefined) return undefined;
  const outcomes = Array.from({ length: REPRODUCE_RUNS }, () => fails(property, subject, scenario));
  if (outcomes.every(Boolean)) return undefined;
  const seen = outcomes.map((failed, i) => `run ${i + 1} ${failed ? 'fails' : 'passes'}`).join(', ');
  return `the shrunk counterexample does not fail on every re-run of the plug-in loaded afresh (${seen}): `
    + 'it keeps state between runs (module-level variables?); set it back in a reset() hook';
}
