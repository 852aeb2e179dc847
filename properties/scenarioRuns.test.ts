/**
 * The emulator clock of remembered scenario runs: a second use of a run
 * spends nothing but is charged what the first cost, so check can give each
 * property its own time whichever property ran the scenario first.
 */
import { describe, expect, it } from 'vitest';
import { parseVariant } from '../spec/index.ts';
import type { Scenario } from './arbitraries/workloadArbitrary.ts';
import { runScenario, scenarioRunClock } from './scenarioRuns.ts';
import { variantSubject } from './subject.ts';

const scenario: Scenario = {
  workload: { name: 'clock', programs: [[{ op: 'store', addr: 0x0804_8000, value: 7 }, { op: 'compute', cycles: 20_000 }]] },
  seed: 11,
  timerInterval: 200,
};

describe('scenarioRunClock', () => {
  it('charges a remembered run at its first cost, and spends nothing on it', () => {
    const parsed = parseVariant('umlinux');
    if (!parsed.ok) return expect.fail(parsed.error);
    const subject = variantSubject(parsed.variant);
    const t0 = scenarioRunClock();
    runScenario(subject, scenario);
    const t1 = scenarioRunClock();
    const first = t1.spent - t0.spent;
    expect(first).toBeGreaterThan(0);
    expect(t1.charged - t0.charged).toBeCloseTo(first, 6);
    runScenario(subject, scenario);
    const t2 = scenarioRunClock();
    expect(t2.spent - t1.spent).toBe(0);
    expect(t2.charged - t1.charged).toBeCloseTo(first, 6);
  });
});
