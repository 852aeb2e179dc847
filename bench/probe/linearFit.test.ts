import { describe, expect, it } from 'vitest';
import { linearFit } from './linearFit.ts';

const SIZES = [1, 16, 64, 256, 1024];

describe('linearFit', () => {
  for (const weighting of ['relative', 'absolute'] as const) {
    it(`recovers fixed + per-page exactly from points on a line (${weighting})`, () => {
      const result = linearFit(SIZES.map((pages) => ({ pages, ns: 1234.5 + 67.25 * pages })), weighting);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.fit.fixedNs).toBeCloseTo(1234.5, 6);
      expect(result.fit.perPageNs).toBeCloseTo(67.25, 9);
      expect(result.fit.r2).toBeCloseTo(1, 12);
    });
  }

  it('reports R² below 1 when the points bend', () => {
    const result = linearFit(SIZES.map((pages) => ({ pages, ns: 100 + pages * pages })));
    expect(result.ok && result.fit.r2 < 0.99).toBe(true);
  });

  it('needs two distinct page counts', () => {
    expect(linearFit([{ pages: 4, ns: 10 }, { pages: 4, ns: 12 }])).toEqual({ ok: false, error: 'a line needs points at two or more page counts, got 1' });
  });

  it('refuses a relative fit over a zero time', () => {
    expect(linearFit([{ pages: 1, ns: 0 }, { pages: 2, ns: 12 }]).ok).toBe(false);
  });
});
