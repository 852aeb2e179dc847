/**
 * The composite check: the shipped defaults pass it (so `predict --defaults`
 * exits 0), and a composite far off its measurement is off.
 */
import { describe, expect, it } from 'vitest';
import { costsFromCalibration } from '../paper/costsFromCalibration.ts';
import { loadDefaultCalibration } from '../probe/defaultCalibration.ts';
import { compositeVerdicts, formatVerdicts, COMPOSITE_TOLERANCE_PCT, NOISE_CAP_PCT } from './compositeVerdict.ts';

const defaults = loadDefaultCalibration();

describe('compositeVerdicts', () => {
  it('passes the shipped defaults: every composite within the tolerance before any noise', () => {
    const judged = compositeVerdicts([defaults], [costsFromCalibration(defaults)]);
    if (!judged.ok) throw new Error(judged.error);
    for (const v of judged.verdicts) expect(Math.abs(v.errorsPct[0]!), v.name).toBeLessThan(COMPOSITE_TOLERANCE_PCT);
    expect(judged.verdicts.map((v) => v.off)).toEqual([false, false, false]);
  });

  it('is off when the measurement is far from the prediction', () => {
    const trap = defaults.composites.seccompTrap;
    const slow = { ...defaults, composites: { ...defaults.composites, seccompTrap: { ...trap, medianNs: trap.medianNs * 2 } } };
    const judged = compositeVerdicts([slow], [costsFromCalibration(slow)]);
    if (!judged.ok) throw new Error(judged.error);
    expect(judged.verdicts.find((v) => v.name === 'seccompTrap')?.off).toBe(true);
  });
});

describe('the noise allowance', () => {
  const noisy = (halfSpread: number, factor: number) => {
    const trap = defaults.composites.seccompTrap;
    const m = trap.medianNs * factor;
    const c = { ...defaults, composites: { ...defaults.composites, seccompTrap: { ...trap, medianNs: m, p10Ns: m * (1 - halfSpread), p90Ns: m * (1 + halfSpread) } } };
    const judged = compositeVerdicts([c], [costsFromCalibration(c)]);
    if (!judged.ok) throw new Error(judged.error);
    return judged.verdicts.find((v) => v.name === 'seccompTrap')!;
  };

  it('widens the tolerance by the noise up to the cap', () => {
    expect(noisy(0.1, 1).tolerancePct).toBeCloseTo(COMPOSITE_TOLERANCE_PCT + 10, 6);
    expect(noisy(0.1, 1)).toMatchObject({ off: false, tooNoisy: false });
  });

  it('does not judge a measurement noisier than the cap, and says so', () => {
    const v = noisy(0.45, 0.5);
    expect(v).toMatchObject({ off: false, tooNoisy: true, tolerancePct: COMPOSITE_TOLERANCE_PCT + NOISE_CAP_PCT });
    expect(formatVerdicts([v])[0]).toMatch(/^TOO NOISY: seccompTrap: .* noise 45\.0% is past the 15% cap: not judged/);
  });
});
