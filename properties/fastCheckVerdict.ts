/**
 * Runs a fast-check property with a run's seed and budget and turns the
 * outcome into a property verdict, keeping the seed and replay path.
 */
import fc from 'fast-check';
import type { PropertyRun, PropertyVerdict } from './property.ts';

/** Checks `property` under `run`; `show` prints a counterexample. */
export function fastCheckVerdict<Ts extends unknown[]>(property: fc.IProperty<Ts>, run: PropertyRun, show: (values: Ts) => string): PropertyVerdict {
  const details = fc.check(property, {
    seed: run.seed,
    numRuns: run.runs,
    ...(run.path === undefined ? {} : { path: run.path }),
  });
  if (!details.failed) return { ok: true, runs: details.numRuns };
  const counterexample = details.counterexample === null ? '(none)' : show(details.counterexample);
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance ?? 'property returned false');
  return {
    ok: false,
    runs: details.numRuns,
    counterexample,
    seed: details.seed,
    path: details.counterexamplePath ?? undefined,
    error: error.split('\n')[0] ?? error,
  };
}
