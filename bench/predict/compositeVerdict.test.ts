/**
 * The composite check: the shipped defaults pass it (so `predict --defaults`
 * exits 0), and a composite far off its measurement is off.
 */
import { describe, expect, it } from 'vitest';
import { costsFromCalibration } from '../paper/costsFromCalibration.ts';
import { loadDefaultCalibration } from '../probe/defaultCalibration.ts';
import { compositeVerdicts, COMPOSITE_TOLERANCE_PCT } from './compositeVerdict.ts';

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
