/**
 * The cost model on counters worked out by hand: each class charged once,
 * ptrace stops holding their two switches, page work per present entry, and
 * the native model reading only guest-level counters.
 */
import { describe, expect, it } from 'vitest';
import { runWorkload } from '../run/runWorkload.ts';
import { nullSyscallLoop } from '../workloads/nullSyscallLoop.ts';
import { modelRunTime } from './costModel.ts';
import { countersWith } from './countersWith.ts';
import type { HostCosts } from './hostCosts.ts';
import { modelNativeTime } from './nativeModel.ts';

const COSTS: HostCosts = {
  syscallNs: 100, contextSwitchNs: 2000, ptraceStopNs: 6000, registerTransferNs: 450, processLifetimeNs: 700_000, signalNs: 1800, minorFaultNs: 1000, switchGuestNs: 150,
  mmap: { fixedNs: 2600, perPageNs: 290 }, munmap: { fixedNs: 2200, perPageNs: 150 }, mprotect: { fixedNs: 700, perPageNs: 70 },
  computeCycleNs: 1000, memoryAccessNs: 1,
};

describe('modelRunTime', () => {
  it('charges the umlinux null-syscall path once per operation', () => {
    // 7 stops (14 switches inside them), getpid + sigreturn, 2 mprotects of 3 present pages each, one SIGUSR1, one refill.
    const counters = countersWith({
      ptraceStops: 7, hostContextSwitches: 14, hostSyscalls: { getpid: 1, mprotect: 2, sigreturn: 1 },
      mprotectCalls: 2, presentPagesProtected: 6, pagesProtected: 2 * 0x50000, signals: { SIGUSR1: 1 }, hostMinorFaults: 1,
    });
    const time = modelRunTime(counters, COSTS);
    expect(time.byClass).toEqual({
      syscalls: 100, contextSwitches: 0, ptraceStops: 42_000, registerTransfers: 0, hostProcesses: 0, signals: 1800, pageWork: 2 * 700 + 6 * 70, minorFaults: 1000, guestCompute: 0,
    });
    expect(time.totalNs).toBe(100 + 42_000 + 1800 + 1820 + 1000);
  });

  it('charges switches outside stops, switch-guest, module-made memory operations and compute', () => {
    const counters = countersWith({
      hostContextSwitches: 3, hostSyscalls: { 'switch-guest': 2, write: 4, munmap: 1 },
      mmapCalls: 5, pagesMapped: 5000, munmapCalls: 1, presentPagesUnmapped: 10, mprotectCalls: 4,
      computeCycles: 250, guestMemoryAccesses: 40,
    });
    expect(modelRunTime(counters, COSTS).byClass).toEqual({
      syscalls: 4 * 100 + 2 * 150, contextSwitches: 3 * 2000, ptraceStops: 0, registerTransfers: 0, hostProcesses: 0, signals: 0,
      pageWork: 5 * 2600 + 2200 + 10 * 150 + 4 * 700, minorFaults: 0, guestCompute: 250_000 + 40,
    });
  });

  it('charges register transfers apart from the stops they happen in, and not natively', () => {
    // A tracer that saves and loads a guest's registers at each of 2 stops: GETREGS + GETREGSET + SETREGS + SETREGSET each.
    const counters = countersWith({ ptraceStops: 2, hostContextSwitches: 4, registerTransfers: 8 });
    const time = modelRunTime(counters, COSTS);
    expect(time.byClass.registerTransfers).toBe(8 * 450);
    expect(time.byClass.ptraceStops).toBe(2 * 6000);
    expect(time.totalNs).toBe(8 * 450 + 2 * 6000);
    expect(modelNativeTime(counters, COSTS).totalNs).toBe(0);
  });

  it('is zero for zero counters and grows with every cost', () => {
    expect(modelRunTime(countersWith({}), COSTS).totalNs).toBe(0);
    const run = runWorkload(nullSyscallLoop(5), { variant: 'umlinux' }).counters;
    const base = modelRunTime(run, COSTS).totalNs;
    expect(modelRunTime(run, { ...COSTS, ptraceStopNs: COSTS.ptraceStopNs + 1 }).totalNs).toBe(base + run.ptraceStops);
  });
});

describe('the counters the model reads', () => {
  it('count memory operations by call and by present entry, and compute by cycle', () => {
    const one = runWorkload(nullSyscallLoop(1), { variant: 'umlinux' }).counters;
    const two = runWorkload(nullSyscallLoop(2), { variant: 'umlinux' }).counters;
    // One more null syscall: the guest kernel opens and closes its region (2 mprotects); each walks its one data page,
    // which PROT_NONE keeps in the page table (no refault on the way back).
    expect(two.mprotectCalls - one.mprotectCalls).toBe(2);
    expect(two.presentPagesProtected - one.presentPagesProtected).toBe(2);
    expect(two.hostMinorFaults - one.hostMinorFaults).toBe(0);
    const big = (n: number) => runWorkload(nullSyscallLoop(n), { variant: 'umlinux', kernelDataPages: 256 }).counters;
    expect(big(2).presentPagesProtected - big(1).presentPagesProtected).toBe(2 * 256);
    expect(two.pagesProtected - one.pagesProtected).toBe(2 * 0x50000);
    const module = runWorkload(nullSyscallLoop(1), { variant: '+kernel-module' }).counters;
    expect(module.mprotectCalls).toBeGreaterThan(module.hostSyscalls.mprotect ?? 0); // the module's own mprotects count too
    const computed = runWorkload({ name: 'c', programs: [[{ op: 'compute', cycles: 40 }, { op: 'compute', cycles: 0 }]] }, { variant: 'umlinux' });
    expect(computed.counters.computeCycles).toBe(41);
  });
});

describe('modelNativeTime', () => {
  it('turns guest syscalls, switches, interrupts and first touches into host operations', () => {
    const counters = countersWith({
      guestSyscalls: { getpid: 10, write: 2 }, guestContextSwitches: 3, signals: { SIGALRM: 2, SIGIO: 1, SIGUSR1: 99 },
      demandPagingFaults: 4, computeCycles: 7, ptraceStops: 50, mprotectCalls: 9,
    });
    expect(modelNativeTime(counters, COSTS).byClass).toEqual({
      syscalls: 15 * 100, contextSwitches: 3 * 2000, ptraceStops: 0, registerTransfers: 0, hostProcesses: 0, signals: 0, pageWork: 0, minorFaults: 4000, guestCompute: 7000,
    });
  });

  it('is the same for every preset on the same guest work (multi-as demand faults aside)', () => {
    const times = ['umlinux', '+kernel-module', '+segment-bounds', '+multi-as'].map((variant) => {
      const c = runWorkload(nullSyscallLoop(20), { variant }).counters;
      return modelNativeTime(c, COSTS).totalNs;
    });
    expect(new Set(times).size).toBe(1);
  });
});
