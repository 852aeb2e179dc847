/**
 * The neutral intermediate form of a real workload recorded with
 * strace (issue 7, item 3; any stamp flavour, `-f` or not, `-T` or not, issue 14): per process, its syscalls in order
 * with results, I/O sizes, the compute gap before each, process creation,
 * exec, wait and exit, signals, and which calls blocked. A converter turns
 * this into an emulator workload; nothing here knows the emulator.
 *
 * Times are whole microseconds relative to the log's first timestamp; sizes
 * are bytes. Gaps include strace's own overhead (each traced syscall costs
 * two ptrace stops), so they are upper bounds on the program's compute.
 */
import type { StampFlavour } from './straceStamp.ts';

/** What every syscall event has. */
export interface SyscallBase {
  /** The syscall's name as strace prints it (`read`, `clone3`, `exit_group`, …). */
  readonly name: string;
  /** When the call started (µs since the log's start). */
  readonly atUs: number;
  /** Compute time since this process's previous event ended (or since it was created), µs, ≥ 0. */
  readonly gapUs: number;
  /** Time inside the call (strace `-T`), µs; 0 when strace printed none (e.g. `exit_group`). */
  readonly durationUs: number;
  /** The return value, or null for `?` (no return: exit, execve of a gone process). */
  readonly result: number | null;
  /** The error name when the call failed (`ENOENT`, `EAGAIN`, `ERESTARTSYS`, …), else null. */
  readonly errno: string | null;
  /**
   * The call waited for something outside the process: a call that can wait (by its name, and for I/O by its
   * descriptor's kind: never a regular file) and took at least the blocking threshold (the duration is only a hint).
   */
  readonly blocked: boolean;
  /** strace printed it as `<unfinished ...>` … `resumed`: another traced process ran in between. */
  readonly split: boolean;
}

/** What a descriptor is, as far as the log shows: opened file, pipe, socket, terminal, eventfd-like, or not known (inherited). */
export type FdKind = 'file' | 'pipe' | 'socket' | 'tty' | 'event' | 'unknown';

/** A data transfer: read-like calls move `bytes` in, write-like calls move them out. */
export interface IoEvent extends SyscallBase {
  readonly kind: 'io';
  readonly direction: 'read' | 'write';
  /** The file descriptor (first argument), or null when strace did not print a plain number. */
  readonly fd: number | null;
  /** What the descriptor is (from the open, pipe, socket, dup and close calls of the process and its ancestors). */
  readonly fdKind: FdKind;
  /** Bytes transferred (the result when ≥ 0, else 0). */
  readonly bytes: number;
  /** Bytes asked for (the count argument of read/write/pread64/pwrite64/recvfrom/sendto), else null. */
  readonly requestedBytes: number | null;
}

/** fork, vfork, clone or clone3: a new process (or thread) `child`. */
export interface SpawnEvent extends SyscallBase {
  readonly kind: 'spawn';
  /** The new pid, or null when the call failed. */
  readonly child: number | null;
  /** Created with CLONE_THREAD: shares the address space and pid group of its creator. */
  readonly thread: boolean;
  /** Created with CLONE_VM (vfork, threads): no copy of the address space. */
  readonly sharesMemory: boolean;
  /** vfork, or CLONE_VFORK: the creator waits until the child execs or exits. */
  readonly vfork: boolean;
}

/** execve/execveat: the process becomes `program`. */
export interface ExecEvent extends SyscallBase {
  readonly kind: 'exec';
  /** The path argument as strace printed it (may be cut short by `-s`, then it ends in `...`). */
  readonly path: string;
}

/** wait4/waitid/waitpid: reaps `child` (null when nothing was reaped). */
export interface WaitEvent extends SyscallBase {
  readonly kind: 'wait';
  readonly child: number | null;
}

/** exit/exit_group with its status argument. */
export interface ExitCallEvent extends SyscallBase {
  readonly kind: 'exit';
  readonly status: number | null;
}

/** Any other syscall. */
export interface OtherEvent extends SyscallBase {
  readonly kind: 'other';
  /** Memory a successful mmap mapped, or a brk added (anonymous), else null: what page-fault estimates read. */
  readonly mapped: { readonly bytes: number; readonly anonymous: boolean } | null;
}

/** A signal delivered to the process (`--- SIGCHLD {...} ---`). */
export interface SignalEvent {
  readonly kind: 'signal';
  readonly signal: string;
  readonly atUs: number;
  /** `si_code` as printed (`CLD_EXITED`, `SI_USER`, …), or null. */
  readonly code: string | null;
  /** `si_pid`: the process the signal is about or from, or null. */
  readonly fromPid: number | null;
}

/** One event of a process, in log order. */
export type ProcessEvent = IoEvent | SpawnEvent | ExecEvent | WaitEvent | ExitCallEvent | OtherEvent | SignalEvent;
/** The syscall events. */
export type SyscallEvent = Exclude<ProcessEvent, SignalEvent>;

/** How a process ended (strace's `+++ … +++` line), or `running` when the log stops first. */
export type ProcessEnd =
  | { readonly kind: 'exited'; readonly status: number; readonly atUs: number }
  | { readonly kind: 'killed'; readonly signal: string; readonly atUs: number }
  | { readonly kind: 'running' };

/** One traced process (or thread). */
export interface TracedProcess {
  readonly pid: number;
  /** The pid that created it (from the creator's fork/clone result), null for the traced root. */
  readonly parentPid: number | null;
  readonly thread: boolean;
  /** When it came into being: its creator's spawn call start, or its first event for the root. */
  readonly startUs: number;
  /** Programs it exec'ed, in order (paths as printed). */
  readonly programs: readonly string[];
  readonly events: readonly ProcessEvent[];
  readonly end: ProcessEnd;
}

/** A whole recorded workload. */
export interface StraceWorkload {
  /** Absolute time of the first line (µs since the Unix epoch), so `atUs` can be mapped back. */
  readonly epochUs: number;
  /** Time of the last line, µs since the start. */
  readonly durationUs: number;
  /** Processes in order of first appearance in the log; the first is the root. */
  readonly processes: readonly TracedProcess[];
  /** The threshold (µs) `blocked` was decided with. */
  readonly blockingThresholdUs: number;
  /** How the log was recorded: stamp flavour, whether `-T` durations were there, lines read, strace's own messages skipped. */
  readonly recording: Recording;
}

/** How a log was recorded, as far as its lines show. */
export interface Recording {
  readonly flavour: StampFlavour;
  /** Some call carried a `<seconds>` duration (`-T`). */
  readonly durations: boolean;
  /** Lines read (all files). */
  readonly lines: number;
  /** Files read (more than one: `-ff -o` per-process files). */
  readonly files: number;
  /** `strace: …` lines (Process N attached/detached, warnings), skipped. */
  readonly straceMessages: number;
}
