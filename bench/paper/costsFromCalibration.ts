/**
 * Maps a host calibration (`calibration.json`, bench/probe) to the cost
 * model's per-operation costs (impl/cost). Most figures map one to one; the
 * probe's signal figure is `raise()`, which also makes three syscalls, and
 * `switch-guest` cannot be measured on a stock host.
 */
import type { Calibration } from '../probe/calibration.ts';
import type { HostCosts } from '../../impl/index.ts';

/**
 * Syscalls `raise()` makes besides the signal's delivery and `rt_sigreturn`:
 * glibc 2.36 issues `gettid`, `getpid`, `tgkill` (checked with strace here).
 * `gettid` and `getpid` are taken off the probe's signal figure at the
 * null-syscall cost; `tgkill` at the probe's `signalSend` cost, since finding
 * the task and checking permission costs 3-4 null syscalls, and a VMM's
 * signal (ptrace-injected, or a seccomp trap) pays neither.
 */
export const RAISE_SYSCALLS = 3;

/** The guest's own CPU time: how long a `compute` cycle and a load/store take. */
export interface GuestTiming {
  /** ns per cycle of a `compute` instruction (the strace converter makes 1 cycle = 1 µs: 1000). */
  readonly computeCycleNs: number;
  /** ns per guest load or store (a cached memory access). */
  readonly memoryAccessNs: number;
}

/** The timing the paper bench uses: 1 compute cycle = 1 µs (the strace converter's scale), 1 ns per access. */
export const PAPER_GUEST_TIMING: GuestTiming = { computeCycleNs: 1000, memoryAccessNs: 1 };

/**
 * The cost model's costs from `calibration`:
 * syscall = null syscall; context switch, ptrace stop, register transfer, minor fault and the
 * mmap/munmap/mprotect fits as measured; signal = the `raise()` figure less
 * `gettid` and `getpid` (null syscalls) and `tgkill`'s own work (`signalSend`):
 * queueing, delivery and sigreturn only;
 * switch-guest = a null syscall (a syscall that only reloads the page-table
 * pointer; the TLB refill after it is not modelled).
 */
export function costsFromCalibration(calibration: Calibration, timing: GuestTiming = PAPER_GUEST_TIMING): HostCosts {
  const ops = calibration.ops;
  const syscallNs = ops.nullSyscall.medianNs;
  const fit = (f: { readonly fixedNs: number; readonly perPageNs: number }) => ({ fixedNs: Math.max(0, f.fixedNs), perPageNs: Math.max(0, f.perPageNs) });
  return {
    syscallNs,
    contextSwitchNs: ops.contextSwitch.medianNs,
    ptraceStopNs: ops.ptraceStop.medianNs,
    registerTransferNs: ops.registerTransfer.medianNs,
    processLifetimeNs: ops.processLifetime.medianNs,
    signalNs: Math.max(0, ops.signal.medianNs - (RAISE_SYSCALLS - 1) * syscallNs - ops.signalSend.medianNs),
    minorFaultNs: ops.minorFault.medianNs,
    switchGuestNs: syscallNs,
    mmap: fit(ops.mmap),
    munmap: fit(ops.munmap),
    mprotect: fit(ops.mprotect),
    computeCycleNs: timing.computeCycleNs,
    memoryAccessNs: timing.memoryAccessNs,
  };
}
