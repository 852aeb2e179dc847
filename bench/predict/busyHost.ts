/**
 * Is this host too busy to calibrate on? (issue 21) A probe run on a machine
 * other jobs are using gives composites whose p10–p90 spread is wide, and
 * medians that move between runs; a model checked against such a run can be
 * 50% off, or pass anything. Each run noisier than the cap is dropped; runs
 * whose single figures move past a limit between them are not trusted at all
 * (their ranges would be the machine's load, not the host's costs); the load
 * average is said in words.
 */
import type { Calibration, PointOp } from '../probe/calibration.ts';
import { NOISE_CAP_PCT } from './compositeVerdict.ts';

/** Past this ratio of the largest to the smallest median over runs, a figure is said to move. */
export const RUN_SPREAD_LIMIT = 1.25;

/** The single figures every prediction leans on, checked for movement between runs. */
const LEANED_ON: readonly PointOp[] = ['nullSyscall', 'signal', 'ptraceStop', 'contextSwitch', 'minorFault'];

/** The noisiest composite of one run: its p10–p90 half-spread relative to its median, %. */
export function runNoise(c: Calibration): { readonly name: string; readonly pct: number } {
  const all = Object.entries(c.composites)
    .filter(([, m]) => m.source === 'measured' && m.medianNs > 0)
    .map(([name, m]) => ({ name, pct: ((m.p90Ns - m.p10Ns) / 2 / m.medianNs) * 100 }));
  return all.reduce((a, b) => (b.pct > a.pct ? b : a), { name: 'none', pct: 0 });
}

/** The host's load: 1-minute load average and cores. */
export interface HostLoad {
  readonly loadAverage: number;
  readonly cores: number;
}

/** What the runs say about the host. */
export interface BusyJudgement {
  /** The runs quiet enough to use, in order. */
  readonly kept: readonly Calibration[];
  /** True when a run was dropped, a figure moved past the limit, or the load average reached the cores. */
  readonly busy: boolean;
  /**
   * False when no run is left, a figure moved past the limit between the runs kept, or the load average reached the
   * cores (other jobs then share the probe's CPU): the calibration is refused.
   */
  readonly trusted: boolean;
  /** One phrase per finding, empty on a quiet host. */
  readonly findings: readonly string[];
}

/** Judges repeated probe runs: drops the ones too noisy to judge, names what moved between the rest. */
export function judgeRuns(runs: readonly Calibration[], load: HostLoad): BusyJudgement {
  const findings: string[] = [];
  let moved = false;
  const kept = runs.filter((c, i) => {
    const noise = runNoise(c);
    if (noise.pct <= NOISE_CAP_PCT) return true;
    findings.push(`probe run ${i + 1} dropped: ${noise.name} noise ${noise.pct.toFixed(0)}% past the ${NOISE_CAP_PCT}% cap`);
    return false;
  });
  if (kept.length > 1) {
    for (const op of LEANED_ON) {
      const medians = kept.filter((c) => c.ops[op].source === 'measured').map((c) => c.ops[op].medianNs);
      if (medians.length < 2) continue;
      const lo = Math.min(...medians);
      const hi = Math.max(...medians);
      if (lo <= 0 || hi / lo <= RUN_SPREAD_LIMIT) continue;
      moved = true;
      findings.push(`${op} moved ${lo.toFixed(0)}–${hi.toFixed(0)} ns between probe runs (×${(hi / lo).toFixed(2)})`);
    }
  }
  const loaded = load.loadAverage >= load.cores;
  if (loaded) findings.push(`load average ${load.loadAverage.toFixed(2)} on ${load.cores} cores`);
  return { kept, busy: findings.length > 0, trusted: kept.length > 0 && !moved && !loaded, findings };
}
