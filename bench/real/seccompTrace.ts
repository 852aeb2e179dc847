/**
 * From an `strace -f -ttt -T -v` log of User-Mode Linux 7 with seccomp stubs
 * (`seccomp=on`) to a vmspec trace of the `skas0-seccomp` variant. Both sides
 * of the hand-off are in the log: the stub (its signal, its futex wake of the
 * kernel, the host calls the kernel asks of it, its `rt_sigreturn`) and the
 * kernel process (its futex wake of a stub, its clones and kills of stubs).
 * Each becomes one event, in log order, at the line that shows it; what the
 * log does not show is inferred, and said so here:
 * * which stub a kernel futex wake is for: the kernel names the futex by its
 *   own mapping of the stub's page; the address is learnt from the first stub
 *   whose FUTEX_WAIT then resumes with 0, and forgotten when that stub dies;
 * * the guest entry (syscall, fault, timer) is placed right after the stub's
 *   wake of the kernel, from the signal that started the stub's handler;
 * * a return to guest code (and a guest switch before it) is placed before a
 *   kernel wake of a stub that next does `rt_sigreturn`;
 * * a fork's child pid is the parent stub's next `rt_sigreturn` result, and
 *   the stub the kernel clones during a fork (execve) holds the child (caller);
 * * a fault's operation: ACCERR (a present page) is taken as a write, MAPERR
 *   as a read; its address is cut to 32 bits, as the trace format holds it.
 * The trace starts after the first stub `rt_sigreturn` following the kernel's
 * console write of the BEGIN marker, with the marker's process on stub 1, and
 * stops at the kernel's END write; it is not complete.
 */
import type { AccessOp, SpecEvent, StubSignal, StubSyscall, TracedGuestSyscall } from '../../spec/index.ts';
import type { TraceHeader } from '../../traces/index.ts';
import { splitArgs, stringArg } from '../strace/straceArgs.ts';
import { futexOp, isCall, SeccompLogError, seccompLines, type SeccompLine } from './seccompLines.ts';
import { GUEST_SYSCALL_OF, pidOfMarker } from './umlTrace.ts';
import { indexFrom } from './indexFrom.ts';

/** x86-64 numbers of the syscalls GUEST_SYSCALL_OF names, by the name strace prints in `si_syscall=__NR_…`. */
const NR_OF_NAME: Readonly<Record<string, number>> = {
  read: 0, write: 1, brk: 12, rt_sigaction: 13, rt_sigreturn: 15, pipe: 22, sched_yield: 24, getpid: 39, clone: 56, fork: 57,
  vfork: 58, execve: 59, exit: 60, wait4: 61, kill: 62, exit_group: 231, waitid: 247, pipe2: 293, execveat: 322,
};
const STUB_CALLS: ReadonlySet<string> = new Set(['mmap', 'munmap', 'mprotect', 'recvmsg', 'close', 'arch_prctl']);

/** A converted recording: the events, the log line each came from, and the BEGIN marker's text. */
export interface SeccompTrace {
  readonly header: TraceHeader;
  readonly events: readonly SpecEvent[];
  readonly logLines: readonly number[];
  readonly begin: string;
}

/** The guest entry a stub's signal makes pending until its handler wakes the kernel. */
export type Pending = { kind: 'syscall'; nr: TracedGuestSyscall } | { kind: 'fault'; addr: number; op: AccessOp } | { kind: 'timer' };

/** What a stub's `--- SIG… {detail} ---` line says, or null for a signal its handler does not take. */
export function stubSignal(sig: string, detail: string): { sig: StubSignal; pending: Pending } | null {
  if (sig === 'SIGSYS') {
    const m = /si_syscall=(?:__NR_(\w+)|(\d+))/.exec(detail);
    const nr = m === null ? undefined : m[1] !== undefined ? NR_OF_NAME[m[1]] : Number(m[2]);
    return { sig, pending: { kind: 'syscall', nr: GUEST_SYSCALL_OF[nr ?? -1] ?? 'other' } };
  }
  if (sig === 'SIGSEGV') {
    const addr = /si_addr=(0x[0-9a-fA-F]+)/.exec(detail)?.[1];
    const op = /si_code=SEGV_ACCERR/.test(detail) ? 'write' : 'read';
    return { sig, pending: { kind: 'fault', addr: addr === undefined ? 0 : Number(BigInt(addr) & 0xffff_ffffn), op } };
  }
  return sig === 'SIGALRM' ? { sig, pending: { kind: 'timer' } } : null;
}

/** The spec's name for a host call a stub makes itself. */
export const stubSyscallOf = (name: string): StubSyscall => (STUB_CALLS.has(name) ? (name as StubSyscall) : 'other');

/** Whether stub `pid` next (after index `from`) returns to guest code or wakes the kernel again; null: neither. */
export function nextStep(lines: readonly SeccompLine[], from: number, pid: number): 'sigreturn' | 'wake' | null {
  for (let j = from + 1; j < lines.length; j++) {
    const l = lines[j]!;
    if (l.pid !== pid) continue;
    if (isCall(l, 'rt_sigreturn')) return 'sigreturn';
    if (l.kind === 'call' && futexOp(l)?.op === 'FUTEX_WAKE') return 'wake';
  }
  return null;
}

/** The result of stub `pid`'s next `rt_sigreturn` after index `from`: the guest's rax, e.g. a fork's child pid. */
export function nextSigreturnResult(lines: readonly SeccompLine[], from: number, pid: number): number | null {
  const at = indexFrom(lines, from + 1, (x) => x.pid === pid && isCall(x, 'rt_sigreturn'));
  return at < 0 ? null : lines[at]!.result;
}

/** The first stub (of `stubs`) whose FUTEX_WAIT resumes with 0 after index `from`: the one a wake there woke. */
export function wokenWaiter(lines: readonly SeccompLine[], from: number, stubs: ReadonlySet<number>): number | null {
  // The line where a wait ends: its resumed half, or a whole line (a split call's first line ends later: not it).
  const at = indexFrom(lines, from + 1, (x) => stubs.has(x.pid) && !x.split && x.result === 0 && futexOp(x)?.op === 'FUTEX_WAIT');
  return at < 0 ? null : lines[at]!.pid;
}

/** The index of the kernel's console write of `marker` from index `from`, or -1. */
function markerWrite(lines: readonly SeccompLine[], kernel: number, marker: string, from: number): number {
  const write = new RegExp(`^[12], "${marker}`);
  return indexFrom(lines, from, (l) => l.pid === kernel && isCall(l, 'write') && write.test(l.args));
}

type Phase = 'creating' | 'guest' | 'handler' | 'waiting' | 'woken' | 'dead';
interface Stub { phase: Phase; n?: number; pid?: number; pending: Pending | null }

/** Where the trace is taken from: the BEGIN marker's write, its text and pid, the start (index), the END write (index). */
interface Window { readonly beginText: string; readonly pid: number; readonly start: number; readonly end: number }

/** The window between the kernel's marker writes, and the stub `rt_sigreturn` that starts it; or a one-line error. */
function traceWindow(lines: readonly SeccompLine[], kernel: number, stubPids: ReadonlySet<number>, source: string): Window {
  const lastLine = lines.at(-1)?.line ?? 1;
  const begin = markerWrite(lines, kernel, 'VMSPEC-BEGIN', 0);
  if (begin < 0) throw new SeccompLogError(`${source}:${lastLine}: no console write of VMSPEC-BEGIN by the kernel (pid ${kernel})`);
  const beginLine = lines[begin]!.line;
  const beginText = stringArg(splitArgs(lines[begin]!.args)[1]).replace(/(\\r)?\\n$/, '');
  const pid = pidOfMarker(beginText);
  if (pid === undefined) throw new SeccompLogError(`${source}:${beginLine}: the BEGIN marker names no pid ('${beginText}')`);
  const end = markerWrite(lines, kernel, 'VMSPEC-END', begin + 1);
  if (end < 0) throw new SeccompLogError(`${source}:${lastLine}: the log ends before the kernel's VMSPEC-END write (cut off?)`);
  const start = indexFrom(lines, begin + 1, (l) => stubPids.has(l.pid) && isCall(l, 'rt_sigreturn'));
  if (start < 0 || start >= end) throw new SeccompLogError(`${source}:${beginLine}: no stub returns to guest code (rt_sigreturn) after the BEGIN marker`);
  return { beginText, pid, start, end };
}

/** Converts the log's lines; throws a {@link SeccompLogError} (`SOURCE:LINE: …`) where it cannot. */
export function seccompTrace(text: readonly string[], options: { source: string; kernel: string | null }): SeccompTrace {
  const { source } = options;
  const lines = seccompLines(text, source);
  const kernel = lines[0]?.pid;
  if (kernel === undefined) throw new SeccompLogError(`${source}:1: an empty log`);
  // Stub processes are those the kernel's clones turn into `uml-userspace`; other processes (helper threads) are not ours.
  const stubPids = new Set(lines.filter((l) => isCall(l, 'execveat') && l.args.includes('"uml-userspace"')).map((l) => l.pid));
  const { beginText, pid, start, end } = traceWindow(lines, kernel, stubPids, source);

  const events: SpecEvent[] = [];
  const logLines: number[] = [];
  const stubs = new Map<number, Stub>();
  const addrStub = new Map<string, number>();
  const lastCall = new Map<number, { nr: TracedGuestSyscall; host: number; spawned: boolean }>();
  let emitting = false;
  let current = pid;
  let stubCount = 0;
  let line = 0;

  const fail: (why: string) => never = (why) => {
    throw new SeccompLogError(`${source}:${line}: ${why}`);
  };
  const emit = (event: SpecEvent): void => {
    if (!emitting) return;
    events.push(event);
    logLines.push(line);
  };
  const stubOf = (host: number): Stub => {
    let s = stubs.get(host);
    if (s === undefined) stubs.set(host, (s = { phase: 'waiting', pending: null }));
    return s;
  };
  // Stubs are numbered in order of appearance in the trace (before its start, events are dropped and numbers not given).
  const number = (s: Stub): number => (emitting ? (s.n ??= ++stubCount) : 0);
  const pidOf = (s: Stub): number => s.pid ?? fail(`stub ${number(s)} holds no known guest process (it appeared outside a fork or execve)`);

  const enterGuestKernel = (host: number, s: Stub, p: Pending): void => {
    if (p.kind === 'timer') return emit({ type: 'guest.interrupt', irq: 'timer' });
    const guest = pidOf(s);
    if (p.kind === 'fault') return emit({ type: 'guest.fault', pid: guest, addr: p.addr, op: p.op });
    emit({ type: 'guest.syscall', pid: guest, nr: p.nr });
    lastCall.set(guest, { nr: p.nr, host, spawned: false });
    if (p.nr === 'exit') emit({ type: 'guest.exit', pid: guest });
  };

  /** The call at `j` was trapped: the next line of its process is the SIGSYS the filter raised for it. */
  const trappedAt = (j: number): boolean => {
    const caller = lines[j]!.pid;
    const next = lines[indexFrom(lines, j + 1, (m) => m.pid === caller && m.kind !== 'resumed')];
    return next?.kind === 'signal' && next.name === 'SIGSYS';
  };

  const onStubLine = (l: SeccompLine, j: number): void => {
    const s = stubOf(l.pid);
    if (s.phase === 'creating' || s.phase === 'dead' || l.kind === 'resumed' || l.kind === 'exit') return;
    if (l.kind === 'signal') {
      const taken = stubSignal(l.name, l.args);
      if (taken === null) return;
      emit({ type: 'host.stub.signal', stub: number(s), sig: taken.sig });
      s.pending = taken.pending;
      s.phase = 'handler';
      return;
    }
    // The guest's own call, trapped by the filter (its SIGSYS follows), even one named futex or rt_sigreturn: the SIGSYS
    // is the event.
    if (trappedAt(j)) return;
    const futex = futexOp(l);
    if (futex?.op === 'FUTEX_WAKE') {
      emit({ type: 'host.stub.wake', stub: number(s), to: 'kernel' });
      if (s.pending !== null && emitting) enterGuestKernel(l.pid, s, s.pending);
      s.pending = null;
      s.phase = 'waiting';
    } else if (l.name === 'rt_sigreturn') {
      if (emitting && s.phase !== 'woken') fail(`stub ${number(s)} returns to guest code (rt_sigreturn) without a wake from the kernel`);
      emit({ type: 'host.stub.sigreturn', stub: number(s) });
      s.phase = 'guest';
      if (j === start) {
        // The declared start: the BEGIN marker's process, on stub 1, runs its guest code.
        emitting = true;
        s.pid = pid;
        number(s);
      }
    } else if (futex === null) {
      // A call the filter did not trap is one the stub made itself: its handler's work, or guest code that reached
      // the calls the filter allows from the stub's page (the spec judges which).
      emit({ type: 'host.stub.syscall', stub: number(s), nr: stubSyscallOf(l.name) });
    }
  };

  const onKernelWake = (addr: string, j: number): void => {
    let host = addrStub.get(addr);
    if (host === undefined) {
      host = wokenWaiter(lines, j, stubPids) ?? undefined;
      if (host === undefined && emitting) fail(`the kernel wakes futex ${addr}, but no stub's wait resumes after it`);
      if (host === undefined) return; // before the start: a wake of no stub (a helper thread) is nothing to us
      addrStub.set(addr, host);
    }
    const s = stubOf(host);
    if (emitting && nextStep(lines, j, host) === 'sigreturn') {
      const to = pidOf(s);
      if (to !== current) emit({ type: 'guest.switch', from: current, to });
      current = to;
      emit({ type: 'guest.return', pid: to });
    }
    emit({ type: 'host.stub.wake', stub: number(s), to: 'stub' });
    s.phase = 'woken';
  };

  const onClone = (l: SeccompLine, j: number): void => {
    const child = l.result;
    if (child === null || !stubPids.has(child) || !/CLONE_VM/.test(l.args) || !/CLONE_VFORK/.test(l.args)) return;
    const s: Stub = { phase: 'creating', pending: null };
    stubs.set(child, s);
    if (!emitting) return;
    const call = lastCall.get(current);
    if (call?.nr === 'fork' && !call.spawned) {
      const forked = nextSigreturnResult(lines, j, call.host);
      if (forked === null || forked <= 0) fail(`the fork that made this stub never returns a child pid to its caller in the log`);
      emit({ type: 'guest.spawn', parent: current, pid: forked });
      s.pid = forked;
      call.spawned = true;
    } else if (call?.nr === 'execve') s.pid = current;
    emit({ type: 'host.stub.create', stub: number(s) });
  };

  const onKill = (l: SeccompLine): void => {
    const args = splitArgs(l.args);
    const [target, sig] = l.name === 'tgkill' ? [args[1], args[2]] : [args[0], args[1]];
    const host = Number(target);
    if (!stubPids.has(host)) return;
    if (sig === 'SIGALRM') return emit({ type: 'host.signal.send', sig: 'SIGALRM' });
    if (sig !== 'SIGKILL' || l.name !== 'kill') return;
    const s = stubOf(host);
    emit({ type: 'host.stub.kill', stub: number(s) });
    s.phase = 'dead';
    for (const [addr, h] of addrStub) if (h === host) addrStub.delete(addr);
  };

  for (let j = 0; j < end; j++) {
    const l = lines[j]!;
    line = l.line;
    if (l.pid !== kernel) {
      if (stubPids.has(l.pid)) onStubLine(l, j);
      continue;
    }
    if (l.kind !== 'call') continue;
    const futex = futexOp(l);
    if (futex?.op === 'FUTEX_WAKE') onKernelWake(futex.addr, j);
    else if (l.name === 'clone' || l.name === 'clone3') onClone(l, j);
    else if (l.name === 'kill' || l.name === 'tgkill') onKill(l);
  }

  const workload = beginText.replace(/^VMSPEC-BEGIN\s+/, '').replace(/\s*\bpid=\d+\b/, '').trim() || 'unknown';
  const header: TraceHeader = {
    format: 'vmspec-trace', version: 3, variant: 'skas0-seccomp', workload: `uml/${workload}`, seed: null,
    emulator: `User-Mode Linux ${options.kernel ?? '(version unknown)'} (seccomp stubs) via strace -f -v`, complete: false, accesses: false,
    start: { current: pid, processes: [{ pid, stub: 1 }] },
  };
  return { header, events, logLines, begin: beginText };
}
