/**
 * Runs a scenario on a subject's emulator, with tracing and the ownership
 * audit on, and remembers the result: the properties of one check draw the
 * same scenarios from the same seed, so each (subject, scenario) runs once
 * (unless the subject says `memo: false`).
 * An emulator that throws is a result too, never an escaped exception.
 */
import { runWorkload, type RunResult } from '../impl/index.ts';
import type { Scenario } from './arbitraries/workloadArbitrary.ts';
import { AbstractRecord } from './abstractSnapshots.ts';
import type { Subject } from './subject.ts';

/** A finished run with the abstraction of its state after each traced event, or what the emulator threw. */
export type ScenarioRun =
  | { readonly ok: true; readonly result: RunResult; readonly abstraction: AbstractRecord }
  | { readonly ok: false; readonly error: string };

/** Guest instructions a generated scenario may take before it is cut off. */
export const SCENARIO_STEP_LIMIT = 200_000;
/** The secret every property run carries (kernel data, host kernel data, freed frames, secret windows); noninterference varies it. */
export const SCENARIO_SECRET = 1;
const MEMO_LIMIT = 4000;
const memo = new Map<string, { readonly run: ScenarioRun; readonly ms: number }>();

/**
 * Emulator time in this thread so far: `spent` running scenarios, `charged`
 * as if nothing were remembered (a remembered run costs each caller what it
 * cost the first). A check's own time is its wall time − spent + charged, so
 * the property that happens to run first on a subject is not billed for the
 * runs the others reuse.
 */
export interface ScenarioRunClock {
  readonly spent: number;
  readonly charged: number;
}

const clock = { spent: 0, charged: 0 };

/** The emulator time of this thread so far (see ScenarioRunClock). */
export const scenarioRunClock = (): ScenarioRunClock => ({ ...clock });

/** Runs `scenario` on `subject` (memoized). */
export function runScenario(subject: Subject, scenario: Scenario): ScenarioRun {
  const key = subject.memo === false ? undefined : `${subject.name}\u0000${JSON.stringify(scenario)}`;
  const known = key === undefined ? undefined : memo.get(key);
  if (known) {
    clock.charged += known.ms;
    return known.run;
  }
  const t0 = performance.now();
  let outcome: ScenarioRun;
  const abstraction = new AbstractRecord();
  try {
    const result = runWorkload(scenario.workload, {
      variant: subject.variant,
      seed: scenario.seed,
      timerInterval: scenario.timerInterval,
      maxSteps: SCENARIO_STEP_LIMIT,
      trace: true,
      audit: true,
      invariants: 'all',
      afterEvent: (event, state) => abstraction.push(event, state),
      secret: SCENARIO_SECRET,
      ...(scenario.addressSpaces === undefined ? {} : { addressSpaces: scenario.addressSpaces }),
      ...(subject.parts ? { parts: subject.parts } : {}),
      ...(subject.bugs ? { bugs: subject.bugs } : {}),
    });
    outcome = { ok: true, result, abstraction };
  } catch (error) {
    outcome = { ok: false, error: `the emulator threw: ${error instanceof Error ? error.message : String(error)}` };
  }
  const ms = performance.now() - t0;
  clock.spent += ms;
  clock.charged += ms;
  if (key === undefined) return outcome;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, { run: outcome, ms });
  return outcome;
}
