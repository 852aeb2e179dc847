/**
 * The named integrity invariants (seL4-style wording), each a predicate over
 * the emulator's state, and where the monitor checks it.
 */

/** The name of one invariant. */
export type InvariantName =
  /** From guest user mode no byte of [0x70000000, 2^32) is reachable (segment limit, ring, TLB, page table, host areas). */
  | 'user-cannot-reach-kernel'
  /** From guest kernel mode no byte of [0xc0000000, 2^32) is reachable. */
  | 'kernel-cannot-reach-host'
  /** Every guest user page the live address space can reach holds a frame of the process about to run. */
  | 'live-space-owned'
  /** Under several address spaces, every guest user page of each space not live holds a frame of the process bound to it. */
  | 'other-spaces-owned'
  /** No guest application syscall executes on the host (each is rewritten or absorbed, and reaches the guest kernel). */
  | 'no-application-syscall-on-host'
  /** A guest syscall given a pointer outside guest user space fails and moves no data. */
  | 'bad-pointer-moves-nothing';

/** Where an invariant was found broken. */
export type Checkpoint = 'user-entry' | 'kernel-entry' | 'switch-guest' | 'mapping-change' | 'syscall' | 'host-call';

/** One broken invariant. */
export interface InvariantViolation {
  readonly invariant: InvariantName;
  readonly at: Checkpoint;
  /** Guest instructions completed when it was found. */
  readonly instruction: number;
  readonly detail: string;
}

/** Which invariants a run checks: all of them at every checkpoint, or none. */
export type InvariantChecks = 'all' | 'off';
