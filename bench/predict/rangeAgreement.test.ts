/** Range agreement: a median outside another run's range is a miss, one inside is not. */
import { describe, expect, it } from 'vitest';
import { rangeMisses } from './rangeAgreement.ts';

describe('rangeMisses', () => {
  it('names every median outside another run\'s range', () => {
    const a = { umlinux: { median: 100, min: 90, max: 110 } };
    const b = { umlinux: { median: 105, min: 95, max: 120 } };
    const c = { umlinux: { median: 130, min: 125, max: 140 } };
    expect(rangeMisses([a, b])).toEqual({ pairs: 2, misses: [] });
    const three = rangeMisses([a, b, c]);
    expect(three.pairs).toBe(6);
    expect(three.misses.map((m) => [m.run, m.against])).toEqual([[0, 2], [1, 2], [2, 0], [2, 1]]);
    // As printed: +110.4% is +110%, inside [+100%–+110%]; +5.04% is +5.0%, inside [+5.0%–+5.0%].
    expect(rangeMisses([{ x: { median: 110.4, min: 110.4, max: 110.4 } }, { x: { median: 110, min: 100, max: 110 } }]).misses).toEqual([]);
    expect(rangeMisses([{ x: { median: 5.04, min: 5.04, max: 5.04 } }, { x: { median: 5.0, min: 4.96, max: 5.0 } }]).misses).toEqual([]);
  });
});
