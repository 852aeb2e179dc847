/**
 * What the ideal machine takes as given about the guest (issue 24): where a
 * process's heap and stack lie, how much one transfer and one pipe hold, the
 * disk's contents, the errno values and signal numbers. Declared here again
 * rather than imported from impl/, so that a wrong value in the emulator
 * cannot hide by being the reference's too; idealConstants.test.ts checks
 * each one equals the emulator's.
 */

/** Bytes in a page (the break moves in whole pages). */
export const PAGE = 0x1000;
/** First address of the heap. */
export const HEAP_BASE = 0x0804_8000;
/** The break may not be moved past this. */
export const HEAP_LIMIT = 0x4000_0000;
/** A new process's break: 16 pages of heap. */
export const INITIAL_BREAK = HEAP_BASE + 16 * PAGE;
/** The stack: the top 16 pages of the guest user region, ending where the guest kernel begins. */
export const STACK_BASE = 0x6fff_0000;
export const STACK_END = 0x7000_0000;
/** Words one read or write moves at most. */
export const MAX_TRANSFER = 64;
/** Words a pipe holds. */
export const PIPE_CAPACITY = 64;
/** Descriptors a process may hold. */
export const MAX_FILES = 32;
/** Processes alive at once unless the scenario says otherwise. */
export const DEFAULT_MAX_PROCESSES = 64;
/** Guest instructions a disk read takes unless the run says otherwise. */
export const DEFAULT_DISK_LATENCY = 300;
/** The host pid of the guest-machine process (what a probe's host getpid returns). */
export const GUEST_MACHINE_PID = 100;

/** The word at `offset` of the guest's disk: the disk file's contents, a fixed function of the position. */
export function diskWord(offset: number): number {
  return (offset * 2654435761 + 12345) >>> 24;
}

/** Linux error numbers, negated as syscalls return them. */
export const ERRNO = {
  EPERM: -1, ESRCH: -3, EBADF: -9, ECHILD: -10, EAGAIN: -11, EFAULT: -14, EINVAL: -22, EMFILE: -24, EPIPE: -32,
} as const;

/** Signal numbers (a process killed by signal S exits with 128 + S). */
export const SIGNAL_NUMBER: Readonly<Record<'SIGKILL' | 'SIGUSR1' | 'SIGSEGV', number>> = { SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11 };
