/**
 * A counterexample is saved only when it fails on every re-run of the plug-in
 * loaded afresh; one that passes on some is named nondeterministic.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../properties/arbitraries/workloadArbitrary.ts';
import { variantSubject, type VmspecProperty } from '../properties/index.ts';
import { PRESETS } from '../spec/index.ts';
import { notReproduced, REPRODUCE_RUNS } from './reproduce.ts';

const scenario = { workload: { name: 'generated', programs: [] }, seed: 1, timerInterval: 50 } as unknown as Scenario;
const subject = variantSubject(PRESETS['umlinux']);

/** A property whose judge fails on the runs `failing` says (by run number from 1). */
function judged(failing: (run: number) => boolean): VmspecProperty {
  let run = 0;
  return {
    name: 'p', group: 'isolation', description: 'p', check: () => ({ ok: true, runs: 1 }),
    judge: () => {
      if (failing(++run)) throw new Error('fails');
    },
  };
}

describe('notReproduced', () => {
  it('is undefined when every re-run fails', async () => {
    expect(await notReproduced(judged(() => true), scenario, async () => subject)).toBeUndefined();
  });

  it('names the runs when one passes: state kept between runs', async () => {
    expect(REPRODUCE_RUNS).toBe(2);
    expect(await notReproduced(judged((run) => run === 1), scenario, async () => subject)).toMatch(
      /^the shrunk counterexample does not fail on every re-run of the plug-in loaded afresh \(run 1 fails, run 2 passes\): .*reset\(\) hook$/,
    );
  });

  it('takes a property that cannot judge one scenario, or a plug-in that no longer loads, as reproducible', async () => {
    const { judge: _judge, ...noJudge } = judged(() => false);
    expect(await notReproduced(noJudge, scenario, async () => subject)).toBeUndefined();
    expect(await notReproduced(judged(() => false), scenario, async () => undefined)).toBeUndefined();
  });
});
