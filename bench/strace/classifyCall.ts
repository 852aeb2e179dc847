/**
 * What a finished call is, given the descriptor table of its process: I/O
 * (with the kind of descriptor it used), spawn, exec, wait, exit or other;
 * whether it blocked, decided by the call and its descriptor's kind (a read
 * of a pipe, socket or terminal can wait; a regular file is the page cache),
 * with the time inside the call only as a hint; and how it changes the table.
 */
import { intArg, splitArgs, stringArg } from './straceArgs.ts';
import type { CallResult } from './straceLine.ts';
import type { FdKind, SyscallBase, SyscallEvent } from './straceWorkload.ts';

const READS = new Set(['read', 'readv', 'pread64', 'preadv', 'preadv2', 'recv', 'recvfrom', 'recvmsg', 'recvmmsg']);
const WRITES = new Set(['write', 'writev', 'pwrite64', 'pwritev', 'pwritev2', 'send', 'sendto', 'sendmsg', 'sendmmsg', 'sendfile']);
const COUNTED = new Set(['read', 'pread64', 'recv', 'recvfrom', 'write', 'pwrite64', 'send', 'sendto']);
export const SPAWNS: ReadonlySet<string> = new Set(['fork', 'vfork', 'clone', 'clone2', 'clone3']);
const WAITS = new Set(['wait4', 'waitpid', 'waitid']);
/** Calls that wait for another process, the network, a timer or a signal, whatever descriptor they name. */
const WAITING = new Set([
  ...WAITS, 'accept', 'accept4', 'connect', 'poll', 'ppoll', 'select', 'pselect6', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2',
  'nanosleep', 'clock_nanosleep', 'futex', 'pause', 'rt_sigsuspend', 'sigsuspend', 'rt_sigtimedwait', 'restart_syscall', 'flock',
  'msgrcv', 'semop', 'semtimedop', 'io_getevents', 'io_uring_enter',
]);
const SOCKETS = new Set(['socket', 'accept', 'accept4']);
const EVENTS = new Set(['eventfd', 'eventfd2', 'timerfd_create', 'signalfd', 'signalfd4', 'epoll_create', 'epoll_create1', 'inotify_init', 'inotify_init1', 'memfd_create', 'pidfd_open', 'userfaultfd']);
const DUPS = new Set(['dup', 'dup2', 'dup3']);

/** A call as the parser joined it. */
export type JoinedCall = { readonly name: string; readonly args: string; readonly atUs: number; readonly split: boolean } & CallResult;

/** A process's descriptors by number (shared with threads made with CLONE_FILES, copied by fork). */
export type FdTable = Map<number, FdKind>;

/** The descriptors a traced root starts with: 0, 1, 2 of a kind the log cannot tell. */
export function rootFdTable(): FdTable {
  return new Map([[0, 'unknown'], [1, 'unknown'], [2, 'unknown']]);
}

function openedKind(path: string): FdKind {
  if (/^\/dev\/(tty|pts\/|console)/.test(path)) return 'tty';
  return 'file';
}

/** Two descriptors written as `[3, 4]` in the first argument (pipe, pipe2, socketpair's last). */
function pairIn(arg: string | undefined): readonly number[] {
  const m = /^\[(\d+),\s*(\d+)\]$/.exec(arg ?? '');
  return m === null ? [] : [Number(m[1]), Number(m[2])];
}

/** Updates `fds` for a call that opened, duplicated or closed descriptors. */
export function applyToFdTable(fds: FdTable, call: JoinedCall, args: readonly string[]): void {
  const { name, result } = call;
  const ok = result !== null && result >= 0;
  if (!ok) return;
  if (name === 'open' || name === 'openat' || name === 'creat' || name === 'openat2') fds.set(result, openedKind(stringArg(args[name === 'openat' || name === 'openat2' ? 1 : 0])));
  else if (name === 'pipe' || name === 'pipe2') for (const fd of pairIn(args[0])) fds.set(fd, 'pipe');
  else if (name === 'socketpair') for (const fd of pairIn(args[3])) fds.set(fd, 'socket');
  else if (SOCKETS.has(name)) fds.set(result, 'socket');
  else if (EVENTS.has(name)) fds.set(result, 'event');
  else if (DUPS.has(name) || (name === 'fcntl' && /F_DUPFD/.test(args[1] ?? ''))) fds.set(result, fds.get(intArg(args[0]) ?? -1) ?? 'unknown');
  else if (name === 'close') fds.delete(intArg(args[0]) ?? -1);
}

/** Whether `call`, which used a descriptor of `kind` (null: none), waited on something outside its process. */
export function blocked(name: string, args: string, kind: FdKind | null, durationUs: number, thresholdUs: number): boolean {
  if (durationUs < thresholdUs) return false;
  if (READS.has(name) || WRITES.has(name)) return kind !== 'file';
  return WAITING.has(name) || (SPAWNS.has(name) && args.includes('CLONE_VFORK'));
}

/** Whether a call of this name may wait at all (so a log without `-T` needs the time to the next event as its hint). */
export function mayWait(name: string, args: string): boolean {
  return READS.has(name) || WRITES.has(name) || WAITING.has(name) || (SPAWNS.has(name) && args.includes('CLONE_VFORK'));
}

/** What classification follows of a process: its descriptors and its program break (null before the first brk). */
export interface ProcessState {
  readonly fds: FdTable;
  brk: number | null;
}

/** The event for `call` (its fields but the kind-specific ones already in `base`). */
export function classify(call: JoinedCall, args: readonly string[], process: ProcessState, base: Omit<SyscallBase, 'blocked'>, thresholdUs: number): SyscallEvent {
  const { name } = call;
  if (READS.has(name) || WRITES.has(name)) {
    const fd = intArg(args[0]);
    const fdKind = fd === null ? 'unknown' : process.fds.get(fd) ?? 'unknown';
    const requested = COUNTED.has(name) ? intArg(args[2]) : null;
    const bytes = call.result !== null && call.result > 0 ? call.result : 0;
    return {
      ...base, blocked: blocked(name, call.args, fdKind, base.durationUs, thresholdUs),
      kind: 'io', direction: READS.has(name) ? 'read' : 'write', fd, fdKind, bytes, requestedBytes: requested,
    };
  }
  const withBlocked = { ...base, blocked: blocked(name, call.args, null, base.durationUs, thresholdUs) };
  if (SPAWNS.has(name)) {
    const child = call.result !== null && call.result > 0 ? call.result : null;
    return {
      ...withBlocked, kind: 'spawn', child, thread: call.args.includes('CLONE_THREAD'),
      sharesMemory: name === 'vfork' || call.args.includes('CLONE_VM'), vfork: name === 'vfork' || call.args.includes('CLONE_VFORK'),
    };
  }
  if (name === 'execve' || name === 'execveat') {
    if (call.result === 0) process.brk = null;
    return { ...withBlocked, kind: 'exec', path: stringArg(args[name === 'execve' ? 0 : 1]) };
  }
  if (WAITS.has(name)) return { ...withBlocked, kind: 'wait', child: name !== 'waitid' && call.result !== null && call.result > 0 ? call.result : null };
  if (name === 'exit' || name === 'exit_group') return { ...withBlocked, kind: 'exit', status: intArg(args[0]) };
  return { ...withBlocked, kind: 'other', mapped: mappedBy(call, args, process) };
}

/** Bytes a successful mmap mapped (anonymous or of a file), or a brk grew the heap by (from the process's last break). */
function mappedBy(call: JoinedCall, args: readonly string[], process: ProcessState): { bytes: number; anonymous: boolean } | null {
  if (call.result === null || call.result < 0) return null;
  if (call.name === 'mmap' || call.name === 'mmap2') {
    const bytes = intArg(args[1]) ?? 0;
    return { bytes, anonymous: (args[3] ?? '').includes('MAP_ANONYMOUS') };
  }
  if (call.name !== 'brk') return null;
  const last = process.brk;
  process.brk = call.result;
  const grown = last === null ? 0 : call.result - last;
  return grown > 0 ? { bytes: grown, anonymous: true } : null;
}

/** Splits a call's argument text once, for classification and the descriptor table. */
export function callArgs(call: JoinedCall): readonly string[] {
  return splitArgs(call.args);
}
