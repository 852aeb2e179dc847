/**
 * What a guest can see of a run (issue 4, output a): each operation's result,
 * the guest signals for faults, console bytes, exit statuses and the final
 * memory of every guest process. Equal across all variants for one workload
 * and seed; host-level work (demand paging after remap, mediation) never shows.
 */
import type { GuestSyscall } from '../../spec/types.ts';

/** One guest-visible event, in the order it happened. */
export type Observation =
  | { readonly kind: 'load'; readonly pid: number; readonly addr: number; readonly value: number }
  | { readonly kind: 'syscall'; readonly pid: number; readonly nr: GuestSyscall; readonly result: number }
  /** A guest access that the guest kernel turned into a guest SIGSEGV. */
  | { readonly kind: 'fault'; readonly pid: number; readonly addr: number; readonly op: 'read' | 'write' }
  | { readonly kind: 'signal'; readonly pid: number; readonly sig: string; readonly action: 'handled' | 'terminated' }
  | { readonly kind: 'exit'; readonly pid: number; readonly status: number }
  /** A guest kernel-mode probe access (see `Workload.kernelProbe`). */
  | { readonly kind: 'kernel-access'; readonly addr: number; readonly op: 'read' | 'write'; readonly outcome: 'ok' | 'fault'; readonly value: number }
  /** A guest kernel host call made on purpose by a probe, with its result (EPERM when the VMM refused). */
  | { readonly kind: 'kernel-host-call'; readonly nr: string; readonly result: number };

/** How a run ended. */
export type RunEnd = 'halted' | 'deadlock' | 'step-limit' | 'kernel-oops';

/** Everything guest-visible about a run. */
export interface Observations {
  readonly log: readonly Observation[];
  /** Console output (one byte per word written). */
  readonly console: readonly number[];
  /** Exit status of each guest process that exited (128 + signal number when killed). */
  readonly exits: Readonly<Record<number, number>>;
  /** Non-zero words of each process's memory when it exited (or when the run ended), as [address, value] pairs. */
  readonly finalMemory: Readonly<Record<number, readonly (readonly [number, number])[]>>;
  readonly end: RunEnd;
}
