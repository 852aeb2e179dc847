/**
 * The prediction of one log: page faults add time under every preset and
 * most where a fault is a trip through the ptrace VMM; the ranges come from
 * the calibrations; a measured native is the base the VMM's cost is added to;
 * the fault estimate and its spreading of a measured total; the composite
 * check widened by the calibration's noise.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { costsFromCalibration } from '../paper/costsFromCalibration.ts';
import { loadDefaultCalibration } from '../probe/defaultCalibration.ts';
import { readStraceLogs } from '../strace/readStraceLog.ts';
import { compositeVerdicts } from './compositeVerdict.ts';
import { estimateFaults, faultCounts } from './faultEstimate.ts';
import { predictProgram } from './predictRun.ts';

const LOG = fileURLToPath(new URL('../strace/fixtures/f-ttt.strace.gz', import.meta.url));
const defaults = loadDefaultCalibration();
const costs = costsFromCalibration(defaults);
const slower = { ...costs, ptraceStopNs: 2 * costs.ptraceStopNs };

describe('predictProgram', async () => {
  const read = await readStraceLogs([LOG]);
  if (!read.ok) throw new Error(read.error);
  const trace = read.workload;
  const columns = ['umlinux', '+multi-as'];
  const predict = (faults: number, native: Parameters<typeof predictProgram>[2]['native'] = { kind: 'modelled', straceOverheadNs: [0] }, straceOverheadUs = 0) => {
    const p = predictProgram(trace, 'pipeline', { columns, costs: [costs, slower], faults: faultCounts(trace, { kind: 'given', total: faults }), native, straceOverheadUs });
    if (!p.ok) throw new Error(p.error);
    return p.prediction;
  };

  it('charges page faults by the mechanism: far more under the ptrace VMM than with an address space per process', () => {
    const none = predict(0);
    const many = predict(2000);
    expect(none.columns.map((c) => c.faultsAddedUs)).toEqual([0, 0]);
    const [umlinux, multiAs] = many.columns;
    expect(umlinux!.faultsAddedUs).toBeGreaterThan(10 * multiAs!.faultsAddedUs);
    expect(umlinux!.demandFaults).toBeGreaterThanOrEqual(2000);
    expect(umlinux!.timeUs.median).toBeGreaterThan(none.columns[0]!.timeUs.median);
  });

  it('gives every figure its range over the calibrations', () => {
    const p = predict(100);
    expect(p.columns[0]!.timeUs.max).toBeGreaterThan(p.columns[0]!.timeUs.min);
    expect(p.columns[0]!.overheadPct.min).toBeLessThanOrEqual(p.columns[0]!.overheadPct.median);
  });

  it('adds the VMM cost to a measured native', () => {
    const modelled = predict(100);
    const measured = predict(100, { kind: 'measured', command: 'x', wallUs: [1_000_000, 3_000_000, 2_000_000] });
    expect(measured.nativeUs).toEqual({ median: 2_000_000, min: 1_000_000, max: 3_000_000 });
    const addedModelled = modelled.columns[0]!.timeUs.median - modelled.nativeUs.median;
    expect(measured.columns[0]!.timeUs.median - 2_000_000).toBeCloseTo(addedModelled, 3);
  });

  it('widens a modelled native by strace overhead converted at its lowest and highest measurement', () => {
    const one = predict(100, { kind: 'modelled', straceOverheadNs: [0] });
    const spread = predict(100, { kind: 'modelled', straceOverheadNs: [0, 20_000, 5_000] });
    expect(spread.nativeUs.median).toBeCloseTo(one.nativeUs.median, 6);
    expect(spread.nativeUs.max).toBeCloseTo(one.nativeUs.max, 6);
    expect(spread.nativeUs.min).toBeLessThan(one.nativeUs.min - 1000);
    expect(spread.columns[0]!.overheadPct.max).toBeGreaterThan(one.columns[0]!.overheadPct.max);
    // A floor below the measurements (two ptrace stops) extends the native's range upward: strace cost less, native more.
    const floored = predict(100, { kind: 'modelled', straceOverheadNs: [20_000], floorNs: 0 }, 20);
    const measuredOnly = predict(100, { kind: 'modelled', straceOverheadNs: [20_000] }, 20);
    expect(floored.nativeUs.max).toBeGreaterThan(measuredOnly.nativeUs.max + 1000);
    expect(floored.columns[0]!.overheadPct.min).toBeLessThan(measuredOnly.columns[0]!.overheadPct.min);
  });

  it('carries the native spread into the time and overhead ranges', () => {
    const one = predict(100, { kind: 'measured', command: 'x', wallUs: [2_000_000] });
    const spread = predict(100, { kind: 'measured', command: 'x', wallUs: [1_000_000, 3_000_000, 2_000_000] });
    const [a, b] = [one.columns[0]!, spread.columns[0]!];
    expect(b.overheadPct.median).toBeCloseTo(a.overheadPct.median, 6);
    expect(b.timeUs.min - a.timeUs.min).toBeCloseTo(-1_000_000, 3);
    expect(b.timeUs.max - a.timeUs.max).toBeCloseTo(1_000_000, 3);
    expect(b.overheadPct.max).toBeCloseTo(a.overheadPct.max * 2, 6);
    expect(b.overheadPct.min).toBeCloseTo((a.overheadPct.min * 2) / 3, 6);
  });
});

describe('page-fault counts', async () => {
  const read = await readStraceLogs([LOG]);
  if (!read.ok) throw new Error(read.error);
  it('estimates from execs, mappings and forks, and spreads a measured total in those proportions', () => {
    const estimate = estimateFaults(read.workload);
    expect([...estimate.values()].every((n) => n > 0)).toBe(true);
    const measured = faultCounts(read.workload, { kind: 'measured', how: 'test', totals: [900, 1000, 5000] });
    expect(measured.total).toBeGreaterThanOrEqual(998);
    expect(measured.total).toBeLessThanOrEqual(1002);
  });
});

describe('compositeVerdicts', () => {
  const shifted = (factor: number, spread: number) => {
    const checks = compositeVerdicts([defaults], [costs]);
    if (!checks.ok) throw new Error(checks.error);
    const c = { ...defaults, composites: { ...defaults.composites, umlinuxSyscall: { ...defaults.composites.umlinuxSyscall } } };
    const predicted = c.composites.umlinuxSyscall.medianNs * (1 + checks.verdicts[0]!.errorsPct[0]! / 100);
    const m = predicted * factor;
    c.composites.umlinuxSyscall = { ...c.composites.umlinuxSyscall, medianNs: m, p10Ns: m * (1 - spread), p90Ns: m * (1 + spread) };
    const v = compositeVerdicts([c], [costs]);
    if (!v.ok) throw new Error(v.error);
    return v.verdicts.find((x) => x.name === 'umlinuxSyscall')!;
  };

  it('is off past 15% only when the measurement is not that noisy', () => {
    expect(shifted(1 / 1.2, 0.01)).toMatchObject({ off: true });
    expect(shifted(1 / 1.2, 0.12)).toMatchObject({ off: false });
    expect(shifted(1 / 1.1, 0.01)).toMatchObject({ off: false });
    expect(shifted(1 / 1.2, 0.12).tolerancePct).toBeCloseTo(27, 6);
  });
});
