/**
 * The composite check, enforced (issue 14, item 5): each composite the probe
 * measured is predicted from single-operation costs in every calibration
 * repetition. A composite is off when its median error over the repetitions
 * is beyond the tolerance widened by the calibration's own noise (the
 * composite's p10–p90 half-spread, median over repetitions): a loud line and
 * a failing exit, not a figure nobody reads. The noise widens the tolerance
 * only up to a cap: a measurement noisier than that is too noisy to judge
 * (said so, neither ok nor off), since a 60% tolerance would pass anything.
 */
import type { Calibration, CompositeName } from '../probe/calibration.ts';
import { predictComposites } from '../paper/predictComposites.ts';
import type { HostCosts } from '../../impl/index.ts';
import { median } from './faultEstimate.ts';

/** The model must predict a composite within this many percent, before noise. */
export const COMPOSITE_TOLERANCE_PCT = 15;
/** The most the measurement's noise may widen the tolerance; noisier is too noisy to judge. */
export const NOISE_CAP_PCT = 15;

/** One composite over the repetitions. */
export interface CompositeVerdict {
  readonly name: CompositeName;
  /** Signed errors, one per repetition, %. */
  readonly errorsPct: readonly number[];
  /** Half the p10–p90 spread of the measurement relative to its median, median over repetitions, %. */
  readonly noisePct: number;
  readonly tolerancePct: number;
  readonly off: boolean;
  /** The measurement's noise is past {@link NOISE_CAP_PCT}: not judged (and not counted as off). */
  readonly tooNoisy: boolean;
  /** Measured only in the defaults (a host that refused it): not judged. */
  readonly fromDefaults: boolean;
}

/** Judges every composite over `calibrations` (with their costs, in the same order). */
export function compositeVerdicts(calibrations: readonly Calibration[], costs: readonly HostCosts[]): { ok: true; verdicts: readonly CompositeVerdict[] } | { ok: false; error: string } {
  const byName = new Map<CompositeName, { errors: number[]; noise: number[]; defaults: boolean }>();
  for (let i = 0; i < calibrations.length; i++) {
    const c = calibrations[i]!;
    const checks = predictComposites(c, costs[i]!);
    if (!checks.ok) return checks;
    for (const check of checks.checks) {
      const entry = byName.get(check.name) ?? { errors: [], noise: [], defaults: false };
      const measured = c.composites[check.name];
      entry.errors.push(check.errorPct);
      entry.noise.push(measured.medianNs > 0 ? ((measured.p90Ns - measured.p10Ns) / 2 / measured.medianNs) * 100 : 0);
      entry.defaults ||= check.source === 'default';
      byName.set(check.name, entry);
    }
  }
  const verdicts = [...byName].map(([name, e]): CompositeVerdict => {
    const noisePct = median(e.noise);
    const tooNoisy = noisePct > NOISE_CAP_PCT;
    const tolerancePct = COMPOSITE_TOLERANCE_PCT + Math.min(noisePct, NOISE_CAP_PCT);
    return { name, errorsPct: e.errors, noisePct, tolerancePct, fromDefaults: e.defaults, tooNoisy, off: !tooNoisy && Math.abs(median(e.errors)) > tolerancePct };
  });
  return { ok: true, verdicts };
}

/** The lines the report prints: one per composite, `MODEL OFF` first where one is off. */
export function formatVerdicts(verdicts: readonly CompositeVerdict[]): string[] {
  const pct = (n: number): string => `${n >= 0 ? '+' : ''}${n.toFixed(1)}%`;
  return verdicts.map((v) => {
    const errors = v.errorsPct.length === 1 ? pct(v.errorsPct[0]!) : `${pct(median(v.errorsPct))} [${pct(Math.min(...v.errorsPct))} to ${pct(Math.max(...v.errorsPct))}]`;
    const head = v.off ? 'MODEL OFF: ' : v.tooNoisy ? 'TOO NOISY: ' : '  ';
    const defaults = v.fromDefaults ? ' (some figures are defaults)' : '';
    if (v.tooNoisy) return `${head}${v.name}: predicted ${errors} off the measurement, but its noise ${v.noisePct.toFixed(1)}% is past the ${NOISE_CAP_PCT}% cap: not judged (measure on a quieter machine)${defaults}`;
    return `${head}${v.name}: predicted ${errors} off the measurement; tolerance ${COMPOSITE_TOLERANCE_PCT}% + noise ${v.noisePct.toFixed(1)}% = ${v.tolerancePct.toFixed(1)}%${defaults}${v.off ? '' : ': ok'}`;
  });
}
