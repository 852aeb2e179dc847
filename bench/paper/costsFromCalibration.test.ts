/**
 * Calibration → costs, and the composites predicted from single operations:
 * the mapping of each figure, the signal figure less raise()'s own syscalls,
 * a composite's contents as counters, and the error against its measurement.
 */
import { describe, expect, it } from 'vitest';
import { loadDefaultCalibration } from '../probe/defaultCalibration.ts';
import { compositeCounters, predictComposites } from './predictComposites.ts';
import { costsFromCalibration, PAPER_GUEST_TIMING, RAISE_SYSCALLS } from './costsFromCalibration.ts';

const calibration = loadDefaultCalibration();
const ops = calibration.ops;

describe('costsFromCalibration', () => {
  const costs = costsFromCalibration(calibration);

  it('maps each figure, the signal less the syscalls raise() makes (tgkill at its measured cost), switch-guest as a null syscall', () => {
    expect(costs).toEqual({
      syscallNs: ops.nullSyscall.medianNs,
      contextSwitchNs: ops.contextSwitch.medianNs,
      ptraceStopNs: ops.ptraceStop.medianNs,
      registerTransferNs: ops.registerTransfer.medianNs,
      processLifetimeNs: ops.processLifetime.medianNs,
      signalNs: ops.signal.medianNs - (RAISE_SYSCALLS - 1) * ops.nullSyscall.medianNs - ops.signalSend.medianNs,
      minorFaultNs: ops.minorFault.medianNs,
      switchGuestNs: ops.nullSyscall.medianNs,
      mmap: { fixedNs: ops.mmap.fixedNs, perPageNs: ops.mmap.perPageNs },
      munmap: { fixedNs: ops.munmap.fixedNs, perPageNs: ops.munmap.perPageNs },
      mprotect: { fixedNs: ops.mprotect.fixedNs, perPageNs: ops.mprotect.perPageNs },
      ...PAPER_GUEST_TIMING,
    });
  });

  it('never makes a negative cost from a fitted intercept below zero', () => {
    const bent = { ...calibration, ops: { ...ops, mprotect: { ...ops.mprotect, fixedNs: -50 } } };
    expect(costsFromCalibration(bent).mprotect.fixedNs).toBe(0);
  });
});

describe('predictComposites', () => {
  const costs = costsFromCalibration(calibration);

  it('turns contents into counters: stops with their switches, mprotect pages per call', () => {
    const counters = compositeCounters({ ptraceStops: 9, getpid: 1, signals: 1, mprotectCalls: 2, mprotectPages: 256, sigreturn: 1 });
    expect(counters.ok && counters.counters).toMatchObject({
      ptraceStops: 9, hostContextSwitches: 18, mprotectCalls: 2, presentPagesProtected: 512, signals: { SIGUSR1: 1 },
      hostSyscalls: { getpid: 1, mprotect: 2, sigreturn: 1 },
    });
    expect(compositeCounters({ futexWaits: 1 })).toEqual({ ok: false, error: "composite content 'futexWaits' is not modelled (known: ptraceStops, getpid, signals, sigreturn, mprotectCalls, mprotectPages, seccompTraps)" });
  });

  it('predicts the baseline syscall path as the sum of its single operations, and reports the error', () => {
    const checks = predictComposites(calibration, costs);
    if (!checks.ok) throw new Error(checks.error);
    const path = checks.checks.find((c) => c.name === 'umlinuxSyscall')!;
    const expected = 9 * costs.ptraceStopNs + costs.syscallNs + costs.signalNs + 2 * (costs.mprotect.fixedNs + 256 * costs.mprotect.perPageNs);
    expect(path.predicted.totalNs).toBeCloseTo(expected, 6);
    expect(path.errorPct).toBeCloseTo(((expected - path.measuredNs) / path.measuredNs) * 100, 6);
    expect(checks.checks.map((c) => c.name)).toEqual(['umlinuxSyscall', 'seccompTrap', 'seccompSyscall']);
  });

  it('predicts the two handler composites of the defaults within 15% (the bare trap is off by about 16%)', () => {
    const checks = predictComposites(calibration, costs);
    if (!checks.ok) throw new Error(checks.error);
    const error = Object.fromEntries(checks.checks.map((c) => [c.name, Math.abs(c.errorPct)]));
    expect(error['umlinuxSyscall']).toBeLessThan(15);
    expect(error['seccompSyscall']).toBeLessThan(15);
    expect(error['seccompTrap']).toBeLessThan(25);
  });
});
