/**
 * Equivalence (DESIGN.md, "Properties"; issues 12, 24): for the same workload
 * and the same scheduling (the ideal machine follows the decisions the
 * subject's guest kernel recorded), a subject's guest-visible observations (each
 * operation's result, faults, console, exit statuses, final memory, how the
 * run ended) equal those of the ideal machine: flat per-process memory and
 * the syscall semantics, no MMU, no VMM. Variants may differ only in
 * host-level cost. What a kernel probe read is the guest kernel's own layout,
 * which the ideal machine does not model: only where it reached is compared
 * (publicView.ts).
 */
import type { Observations } from '../impl/index.ts';
import { publicView } from './publicView.ts';
import type { Scenario } from './arbitraries/workloadArbitrary.ts';
import { idealObservations, type IdealResult } from './ideal/idealMachine.ts';
import { finished, runScenario, scenarioProperty, Violation } from './scenarioProperty.ts';
import { SCENARIO_STEP_LIMIT } from './scenarioRuns.ts';

/** The reference every subject is compared with: the ideal machine's observations of a scenario, following `schedule`. */
export function referenceObservations(scenario: Scenario, schedule: readonly number[]): IdealResult {
  return idealObservations(scenario.workload, {
    schedule,
    timerInterval: scenario.timerInterval,
    maxSteps: SCENARIO_STEP_LIMIT,
    ...(scenario.addressSpaces === undefined ? {} : { maxProcesses: scenario.addressSpaces }),
  });
}


const text = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

/** The first guest-visible difference between two runs' observations, or undefined when they agree. */
export function firstDifference(expected: Observations, actual: Observations): string | undefined {
  const length = Math.max(expected.log.length, actual.log.length);
  for (let i = 0; i < length; i++) {
    if (text(expected.log[i]) !== text(actual.log[i])) return `observation #${i}: expected ${text(expected.log[i])}, got ${text(actual.log[i])}`;
  }
  if (text(expected.console) !== text(actual.console)) return `console: expected ${text(expected.console)}, got ${text(actual.console)}`;
  if (text(expected.exits) !== text(actual.exits)) return `exit statuses: expected ${text(expected.exits)}, got ${text(actual.exits)}`;
  if (text(expected.finalMemory) !== text(actual.finalMemory)) {
    const pids = new Set([...Object.keys(expected.finalMemory), ...Object.keys(actual.finalMemory)]);
    for (const pid of pids) {
      const e = text(expected.finalMemory[Number(pid)]);
      const a = text(actual.finalMemory[Number(pid)]);
      if (e !== a) return `final memory of process ${pid}: expected ${e.slice(0, 200)}, got ${a.slice(0, 200)}`;
    }
  }
  if (expected.end !== actual.end) return `run end: expected ${expected.end}, got ${actual.end}`;
  return undefined;
}

/** The equivalence property. */
export const equivalence = scenarioProperty({
  name: 'equivalence',
  group: 'equivalence',
  description: 'The guest-visible observations equal those of the ideal machine (flat memory and syscall semantics, no MMU, no VMM).',
  judge: (subject, scenario) => {
    const result = finished(runScenario(subject, scenario));
    const expected = referenceObservations(scenario, result.schedule);
    if (expected.scheduleProblem !== undefined) throw new Violation(`the ideal machine cannot follow the emulator's schedule: ${expected.scheduleProblem}`);
    const difference = firstDifference(expected.observations, publicView(result.observations));
    if (difference !== undefined) throw new Violation(`differs from the ideal machine at ${difference}`);
  },
});
