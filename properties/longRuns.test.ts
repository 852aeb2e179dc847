/**
 * Long runs: a fork storm whose pids pass 1024, under every variant with a
 * small address-space limit (so definitions are reused hundreds of times),
 * keeps every invariant, conforms to its spec and equals the ideal machine.
 */
import { describe, expect, it } from 'vitest';
import { allVariants, run, variantName } from '../spec/index.ts';
import { forkStorm, type Scenario } from './arbitraries/workloadArbitrary.ts';
import { referenceObservations, firstDifference } from './equivalence.ts';
import { publicView } from './publicView.ts';
import { runScenario } from './scenarioRuns.ts';
import { variantSubject } from './subject.ts';

const storm: Scenario = {
  workload: { name: 'fork-storm', programs: [forkStorm, [{ op: 'store', addr: 0x0804_8000, value: 7 }, { op: 'compute', cycles: 5000 }]] },
  seed: 3,
  timerInterval: 200,
  addressSpaces: 4,
};

describe('a fork storm past pid 1024', () => {
  it('is one the ideal machine runs to the end', () => {
    const outcome = runScenario(variantSubject(allVariants()[0]!), storm);
    if (!outcome.ok) return expect.fail(outcome.error);
    const expected = referenceObservations(storm, outcome.result.schedule);
    expect(expected.scheduleProblem).toBeUndefined();
    expect(expected.observations.end).toBe('halted');
    expect(Math.max(...Object.keys(expected.observations.exits).map(Number))).toBeGreaterThan(1024);
  });

  it.each(allVariants().map((v) => [variantName(v), v] as const))('%s keeps the invariants, conforms and equals the ideal machine', (_name, variant) => {
    const subject = variantSubject(variant);
    const outcome = runScenario(subject, storm);
    if (!outcome.ok) return expect.fail(outcome.error);
    expect(outcome.result.integrity.first).toEqual([]);
    expect(run(subject.spec, outcome.result.trace).ok).toBe(true);
    const expected = referenceObservations(storm, outcome.result.schedule);
    expect(expected.scheduleProblem).toBeUndefined();
    expect(firstDifference(expected.observations, publicView(outcome.result.observations))).toBeUndefined();
  });
});
