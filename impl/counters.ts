/**
 * The cost counters of one run (issue 4, output b): what the host, the VMM
 * and the guest kernel did, counted where they do it. The paper's cost claims
 * are statements about these numbers.
 */
import type { GuestSyscall, HostSignal, HostSyscall } from '../spec/types.ts';

/** A finished run's counters. */
export interface Counters {
  /** Host context switches between the guest-machine (real skas0: a stub) and VMM processes. */
  readonly hostContextSwitches: number;
  /** Host syscalls entered by the guest-machine process, by name (absent means 0). */
  readonly hostSyscalls: Readonly<Partial<Record<HostSyscall, number>>>;
  /** Pages in the ranges of mmap / munmap / mprotect calls (the per-page cost). */
  readonly pagesMapped: number;
  readonly pagesUnmapped: number;
  readonly pagesProtected: number;
  /** mmap / munmap / mprotect operations, whoever made them (a host syscall, or a VMM module inside the host kernel). */
  readonly mmapCalls: number;
  readonly munmapCalls: number;
  readonly mprotectCalls: number;
  /** Present page-table entries munmap / mprotect calls tore down or rewrote (what the per-page cost applies to). */
  readonly presentPagesUnmapped: number;
  readonly presentPagesProtected: number;
  /** Host signals sent to the guest-machine process, by name. */
  readonly signals: Readonly<Partial<Record<HostSignal, number>>>;
  /** ptrace stops of the guest-machine process (real skas0: of its stub processes, stub calls included). */
  readonly ptraceStops: number;
  /**
   * Register transfers: ptrace GETREGS / SETREGS / GETREGSET / SETREGSET operations a tracer does on a
   * stopped tracee (a VMM saving and loading a guest process's registers). 0 in every variant that keeps
   * the registers in the traced process.
   */
  readonly registerTransfers: number;
  readonly tlbFlushes: number;
  /** Page-table entries the host filled lazily (minor faults, invisible to the guest). */
  readonly hostMinorFaults: number;
  /** Host syscalls of the guest kernel the VMM refused. */
  readonly vmmDenials: number;
  /** Guest syscalls handled, by name. */
  readonly guestSyscalls: Readonly<Partial<Record<GuestSyscall, number>>>;
  readonly guestContextSwitches: number;
  /** Guest user accesses that faulted only because the page was not mapped in the host yet (demand paging). */
  readonly demandPagingFaults: number;
  /** Guest instructions completed (the run's clock). */
  readonly guestInstructions: number;
  /** Guest user memory accesses completed. */
  readonly guestMemoryAccesses: number;
  /** Cycles of the `compute` instructions completed (each counts at least 1), the guest's own CPU work. */
  readonly computeCycles: number;
  /** ptrace requests on a stopped stub that move no register set (GETSIGINFO, ARCH_PRCTL): real skas0 only. */
  readonly ptraceOtherRequests: number;
  /** Stub processes the VMM started or a stub cloned, and stubs it killed (real skas0: one per guest address space). */
  readonly stubsCreated: number;
  readonly stubsKilled: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The counters while a run is in progress. */
export type MutableCounters = Mutable<Omit<Counters, 'hostSyscalls' | 'signals' | 'guestSyscalls'>> & {
  hostSyscalls: Partial<Record<HostSyscall, number>>;
  signals: Partial<Record<HostSignal, number>>;
  guestSyscalls: Partial<Record<GuestSyscall, number>>;
};

/** Fresh counters, all zero. */
export function newCounters(): MutableCounters {
  return {
    hostContextSwitches: 0, hostSyscalls: {}, pagesMapped: 0, pagesUnmapped: 0, pagesProtected: 0, mmapCalls: 0, munmapCalls: 0,
    mprotectCalls: 0, presentPagesUnmapped: 0, presentPagesProtected: 0, signals: {},
    ptraceStops: 0, registerTransfers: 0, tlbFlushes: 0, hostMinorFaults: 0, vmmDenials: 0, guestSyscalls: {}, guestContextSwitches: 0,
    demandPagingFaults: 0, guestInstructions: 0, guestMemoryAccesses: 0, computeCycles: 0,
    ptraceOtherRequests: 0, stubsCreated: 0, stubsKilled: 0,
  };
}

/** Adds one to `key` of a by-name tally. */
export function tally<K extends string>(byName: Partial<Record<K, number>>, key: K): void {
  byName[key] = (byName[key] ?? 0) + 1;
}
