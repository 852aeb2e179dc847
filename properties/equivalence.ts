/**
 * Equivalence (DESIGN.md, "Properties"): for the same workload and the same
 * scheduling, a subject's guest-visible observations (each operation's
 * result, faults, console, exit statuses, final memory, how the run ended)
 * equal those of the reference `umlinux` variant. Variants may differ only in
 * host-level cost.
 */
import type { Observations } from '../impl/index.ts';
import { PRESETS } from '../spec/index.ts';
import { finished, runScenario, scenarioProperty, Violation } from './scenarioProperty.ts';
import { variantSubject } from './subject.ts';

/** The reference every subject is compared with. */
export const REFERENCE = variantSubject(PRESETS.umlinux);

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
  description: 'The guest-visible observations equal those of the reference umlinux variant.',
  judge: (subject, scenario) => {
    const expected = finished(runScenario(REFERENCE, scenario)).observations;
    const actual = finished(runScenario(subject, scenario)).observations;
    const difference = firstDifference(expected, actual);
    if (difference !== undefined) throw new Violation(`differs from umlinux at ${difference}`);
  },
});
