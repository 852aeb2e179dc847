/**
 * Least-squares fit of a host operation's cost as fixed + per-page × pages
 * (the shape the cost model charges mmap, munmap and mprotect by), with the
 * coefficient of determination R² saying how well a line explains the points.
 */

/** One measured point: the operation on `pages` pages took `ns`. */
export interface FitPoint {
  readonly pages: number;
  readonly ns: number;
}

/** A fitted line: `fixedNs + perPageNs × pages`, and its (weighted) R², 1 when the points are exactly on it. */
export interface LinearFit {
  readonly fixedNs: number;
  readonly perPageNs: number;
  readonly r2: number;
}

/**
 * How residuals are weighed. `relative` (weight 1/ns²) minimises relative
 * error, so a 1-page call counts as much as a 1024-page one: the fixed cost
 * is what the emulator charges most often (one page per demand fault).
 * `absolute` is plain ordinary least squares.
 */
export type FitWeighting = 'relative' | 'absolute';

/** Fits `points` by weighted least squares; needs two distinct page counts and positive times for `relative`. */
export function linearFit(
  points: readonly FitPoint[],
  weighting: FitWeighting = 'relative',
): { ok: true; fit: LinearFit } | { ok: false; error: string } {
  const distinct = new Set(points.map((p) => p.pages)).size;
  if (distinct < 2) return { ok: false, error: `a line needs points at two or more page counts, got ${distinct}` };
  if (weighting === 'relative' && points.some((p) => !(p.ns > 0))) return { ok: false, error: 'a relative fit needs every time > 0' };
  const weights = points.map((p) => (weighting === 'relative' ? 1 / (p.ns * p.ns) : 1));
  const total = weights.reduce((s, w) => s + w, 0);
  const weighted = (f: (p: FitPoint) => number): number => points.reduce((s, p, i) => s + weights[i]! * f(p), 0) / total;
  const meanX = weighted((p) => p.pages);
  const meanY = weighted((p) => p.ns);
  const sxx = weighted((p) => (p.pages - meanX) ** 2);
  const sxy = weighted((p) => (p.pages - meanX) * (p.ns - meanY));
  const syy = weighted((p) => (p.ns - meanY) ** 2);
  const perPageNs = sxy / sxx;
  const fixedNs = meanY - perPageNs * meanX;
  const residual = weighted((p) => (p.ns - (fixedNs + perPageNs * p.pages)) ** 2);
  const r2 = syy === 0 ? 1 : 1 - residual / syy;
  return { ok: true, fit: { fixedNs, perPageNs, r2 } };
}
