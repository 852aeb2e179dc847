/**
 * The ideal machine follows the emulator's recorded schedule to the same
 * observations, and says so when a schedule is not one it can follow.
 */
import { describe, expect, it } from 'vitest';
import { pipePingPong, runWorkload, type Workload } from '../../impl/index.ts';
import { firstDifference } from '../equivalence.ts';
import { idealObservations } from './idealMachine.ts';

const run = { timerInterval: 200, maxSteps: 200_000 };

describe('the ideal machine on a recorded schedule', () => {
  const workload: Workload = pipePingPong(5);
  const emulated = runWorkload(workload, { variant: 'umlinux', seed: 2, ...run });

  it('follows it to the observations the emulator made', () => {
    const ideal = idealObservations(workload, { ...run, schedule: emulated.schedule });
    expect(ideal.scheduleProblem).toBeUndefined();
    expect(ideal.observations.end).toBe('halted');
    expect(firstDifference(ideal.observations, emulated.observations)).toBeUndefined();
  });

  it('reports a decision it cannot follow, a schedule cut short and one with decisions left over', () => {
    const tampered = [...emulated.schedule];
    const at = tampered.findIndex((pid, i) => i > 0 && pid !== tampered[i - 1] && pid !== 0);
    tampered[at] = tampered[at - 1]!;
    expect(idealObservations(workload, { ...run, schedule: tampered }).scheduleProblem).toMatch(new RegExp(`decision #\\d+: the emulator`));
    expect(idealObservations(workload, { ...run, schedule: emulated.schedule.slice(0, -1) }).scheduleProblem).toMatch(/schedule ended/);
    expect(idealObservations(workload, { ...run, schedule: [...emulated.schedule, 0] }).scheduleProblem).toMatch(/1 scheduling decisions more/);
  });
});
