/**
 * Runs a fast-check property with a run's seed and budget and turns the
 * outcome into a property verdict, keeping the seed, the replay path and the
 * shrunk value. A predicate fails by returning false or by throwing a
 * `Violation` whose message says what went wrong.
 */
import fc from 'fast-check';
import type { PropertyRun, PropertyVerdict } from './property.ts';

/** Thrown by a predicate to fail with a specific one-line reason. */
export class Violation extends Error {}

/** Checks `property` under `run`; `show` prints a counterexample; `scenario` extracts a replayable scenario from it. */
export function fastCheckVerdict<Ts extends unknown[]>(
  property: fc.IProperty<Ts>,
  run: Pick<PropertyRun, 'runs' | 'seed' | 'path'>,
  show: (values: Ts) => string,
  scenario?: (values: Ts) => import('./arbitraries/workloadArbitrary.ts').Scenario,
): PropertyVerdict {
  const details = fc.check(property, {
    seed: run.seed,
    numRuns: run.runs,
    ...(run.path === undefined ? {} : { path: run.path }),
  });
  if (!details.failed) return { ok: true, runs: details.numRuns };
  const value = details.counterexample;
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance ?? 'property returned false');
  return {
    ok: false,
    runs: details.numRuns,
    counterexample: value === null ? '(none)' : show(value),
    ...(value !== null && scenario ? { scenario: scenario(value) } : {}),
    seed: details.seed,
    path: details.counterexamplePath ?? undefined,
    error: error.split('\n')[0] ?? error,
  };
}
