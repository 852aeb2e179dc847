/**
 * What one host operation costs (ns), the parameters of the cost model
 * (issue 7): the operations UMLinux is built from (paper §3) — syscall entry,
 * host context switch, ptrace stop, signal delivery, minor fault, and
 * mmap/munmap/mprotect as fixed + per-page — plus the guest's own CPU time.
 */

/** A cost with a fixed part per call and a part per page the call works on. */
export interface PerPageCost {
  readonly fixedNs: number;
  readonly perPageNs: number;
}

/**
 * Costs per host operation, in ns. A plain record: the emulator does not know
 * where the figures come from (a calibration file maps to it outside impl/).
 */
export interface HostCosts {
  /** Entering and leaving the host kernel for a syscall with no work of its own (`getpid`). */
  readonly syscallNs: number;
  /** One host context switch between two processes that is not part of a ptrace stop. */
  readonly contextSwitchNs: number;
  /** One ptrace stop, whole: the switch to the tracer, its work and wait, and the switch back. */
  readonly ptraceStopNs: number;
  /** One ptrace register transfer (GETREGS, SETREGS, GETREGSET, SETREGSET) on a stopped tracee, by the tracer. */
  readonly registerTransferNs: number;
  /** A host process made and gone: fork, its first stop waited for, SIGKILL, reaped (real skas0's stub per guest address space). */
  readonly processLifetimeNs: number;
  /** Delivering one signal to a handler and its `sigreturn` (the sender's syscall not included). */
  readonly signalNs: number;
  /** One host page fault that fills a page-table entry from a mapped file (invisible to the guest). */
  readonly minorFaultNs: number;
  /** `switch-guest` (paper §4.3): a syscall that loads another first-level page table. */
  readonly switchGuestNs: number;
  /** mmap: per call; the per-page part applies to pages populated at mmap time (none: the host maps lazily). */
  readonly mmap: PerPageCost;
  /** munmap: per call, plus per present page-table entry torn down. */
  readonly munmap: PerPageCost;
  /** mprotect: per call, plus per present page-table entry rewritten. */
  readonly mprotect: PerPageCost;
  /** The guest's own CPU time per cycle of a `compute` instruction. */
  readonly computeCycleNs: number;
  /** The guest's own CPU time per guest load or store. */
  readonly memoryAccessNs: number;
}

/** The classes modelled time is broken down into. */
export const COST_CLASSES = ['syscalls', 'contextSwitches', 'ptraceStops', 'registerTransfers', 'hostProcesses', 'signals', 'pageWork', 'minorFaults', 'guestCompute'] as const;
/** One class of modelled time. */
export type CostClass = (typeof COST_CLASSES)[number];

/** Modelled time of a run: the total and its parts by class, ns. */
export interface ModelledTime {
  readonly totalNs: number;
  readonly byClass: Readonly<Record<CostClass, number>>;
}

/** A modelled time from its parts (the total is their sum). */
export function modelledTime(byClass: Readonly<Record<CostClass, number>>): ModelledTime {
  const totalNs = COST_CLASSES.reduce((sum, c) => sum + byClass[c], 0);
  return { totalNs, byClass };
}
