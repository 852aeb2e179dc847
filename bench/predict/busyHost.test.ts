/**
 * Busy-host detection: a noisy probe run is dropped, medians that move
 * between runs and a load average at the cores are named, a quiet host says
 * nothing.
 */
import { describe, expect, it } from 'vitest';
import { loadDefaultCalibration } from '../probe/defaultCalibration.ts';
import type { Calibration } from '../probe/calibration.ts';
import { judgeRuns, runNoise } from './busyHost.ts';
import { fromProbeRuns } from './repeatCalibration.ts';

const defaults = loadDefaultCalibration();
const measured = (c: Calibration): Calibration => ({
  ...c,
  ops: { ...c.ops, nullSyscall: { ...c.ops.nullSyscall, source: 'measured' } },
  composites: {
    umlinuxSyscall: { ...c.composites.umlinuxSyscall, source: 'measured' },
    seccompTrap: { ...c.composites.seccompTrap, source: 'measured' },
    seccompSyscall: { ...c.composites.seccompSyscall, source: 'measured' },
  },
});
const quiet = measured(defaults);
const noisyTrap = (c: Calibration): Calibration => ({ ...c, composites: { ...c.composites, seccompTrap: { ...c.composites.seccompTrap, p10Ns: 900, p90Ns: 2600, medianNs: 1600 } } });
const slowSyscalls = (c: Calibration): Calibration => ({ ...c, ops: { ...c.ops, nullSyscall: { ...c.ops.nullSyscall, medianNs: c.ops.nullSyscall.medianNs * 1.5 } } });
const idle = { loadAverage: 0.2, cores: 2 };

describe('judgeRuns', () => {
  it('keeps every run of a quiet host and finds nothing', () => {
    expect(judgeRuns([quiet, quiet, quiet], idle)).toEqual({ kept: [quiet, quiet, quiet], busy: false, trusted: true, findings: [] });
  });

  it('drops a run whose composite is noisier than the cap, naming it', () => {
    expect(runNoise(noisyTrap(quiet))).toEqual({ name: 'seccompTrap', pct: (1700 / 2 / 1600) * 100 });
    const judged = judgeRuns([quiet, noisyTrap(quiet), quiet], idle);
    expect(judged.kept).toHaveLength(2);
    expect(judged.findings).toEqual(['probe run 2 dropped: seccompTrap noise 53% past the 15% cap']);
    expect(judgeRuns([noisyTrap(quiet)], idle)).toMatchObject({ kept: [], trusted: false });
    expect(judged.trusted).toBe(true);
  });

  it('names a figure that moved between runs, and a load average at the cores', () => {
    const judged = judgeRuns([quiet, slowSyscalls(quiet)], { loadAverage: 2.5, cores: 2 });
    expect(judged).toMatchObject({ busy: true, trusted: false });
    expect(judgeRuns([quiet, quiet], { loadAverage: 2.5, cores: 2 })).toMatchObject({ busy: true, trusted: false });
    expect(judgeRuns([quiet, quiet], { loadAverage: 1.9, cores: 2 })).toMatchObject({ busy: false, trusted: true });
    expect(judged.findings).toEqual(['nullSyscall moved 105–158 ns between probe runs (×1.50)', 'load average 2.50 on 2 cores']);
  });
});

describe('fromProbeRuns', () => {
  it('uses the quiet runs of this host, and the defaults with the reason when every run is too noisy', () => {
    const some = fromProbeRuns([quiet, noisyTrap(quiet)], idle, defaults, 11);
    expect(some).toMatchObject({ calibrations: [quiet], thisHost: true });
    expect(some.origin).toMatch(/^1 of 2 probe runs on this host now \(--reps 11 each\)/);
    const none = fromProbeRuns([noisyTrap(quiet), noisyTrap(quiet)], idle, defaults, 11);
    expect(none.calibrations).toEqual([defaults]);
    expect(none.thisHost).toBe(false);
    expect(none.origin).toMatch(/^the committed default costs, not this host's: this host's calibration refused, every probe run here was too noisy to judge/);
    expect(none.busy).toHaveLength(2);
    const moving = fromProbeRuns([quiet, slowSyscalls(quiet)], idle, defaults, 11);
    expect(moving).toMatchObject({ calibrations: [defaults], thisHost: false });
    expect(moving.origin).toMatch(/this host's calibration refused, the machine is busy/);
    expect(moving.lowestPtraceStopNs).toBeUndefined();
    const measuredStops = (c: Calibration, ns: number): Calibration => ({ ...c, ops: { ...c.ops, ptraceStop: { ...c.ops.ptraceStop, source: 'measured', medianNs: ns } } });
    expect(fromProbeRuns([measuredStops(quiet, 3000), noisyTrap(measuredStops(quiet, 2500))], idle, defaults, 11).lowestPtraceStopNs).toBe(2500);
  });
});
