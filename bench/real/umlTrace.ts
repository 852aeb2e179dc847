/**
 * From the raw operations of User-Mode Linux's tracer (strace of its kernel
 * process) to a vmspec trace of the `skas0` preset. The converter names what
 * the tracer did, stub by stub; it decides nothing the spec judges: a stop,
 * a register move, a resume, a kill each become one event, in log order. What
 * the tracer's log does not show is inferred, and said so here:
 * * the guest entry (syscall, fault, timer) is placed after the VMM's reads of
 *   the stopped stub; its number is the GETREGS `orig_rax`;
 * * a return to guest code (and a guest switch, when the stub is another
 *   process's) is placed before the register writes that precede a
 *   PTRACE_SYSEMU of that stub with no other resumption between (writes
 *   followed by PTRACE_CONT set up a stub call; writes to a stub that is then
 *   not resumed, because a timer made the guest kernel schedule again, are
 *   register moves in kernel mode);
 * * a fork's child pid is the parent's `clone` result (the `rax` of the
 *   SETREGS that returns the parent to guest code, read ahead in the log: the
 *   child may run first), and its stub the one that first appeared during that
 *   clone; both are announced where the stub appears;
 * * a fault's operation is not visible: ACCERR (a present page) is taken as
 *   a write (copy-on-write), MAPERR as a read.
 * The trace starts at the first resumption into guest code after the BEGIN
 * marker, with the marker's process on stub 1, and is not complete.
 */
import type { SpecEvent, TracedGuestSyscall } from '../../spec/index.ts';
import type { TraceHeader } from '../../traces/index.ts';
import { nextResume, type RawVmmOp } from './rawVmmOp.ts';

/** x86-64 syscall numbers the spec tells apart. */
export const GUEST_SYSCALL_OF: Readonly<Record<number, TracedGuestSyscall>> = {
  0: 'read', 1: 'write', 12: 'brk', 13: 'sigaction', 15: 'sigreturn', 22: 'pipe', 24: 'yield', 39: 'getpid', 56: 'fork', 57: 'fork',
  58: 'fork', 59: 'execve', 60: 'exit', 61: 'wait', 62: 'kill', 231: 'exit', 247: 'wait', 293: 'pipe', 322: 'execve',
};

/** A converted recording: the events, and the strace log line each came from. */
export interface UmlTrace {
  readonly header: TraceHeader;
  readonly events: readonly SpecEvent[];
  readonly logLines: readonly number[];
}

/** What to convert. */
export interface UmlTraceOptions {
  readonly workload: string;
  /** The guest pid of the process that printed the BEGIN marker. */
  readonly pid: number;
  /** The UML version that ran (named in the header), when known. */
  readonly kernel?: string | null;
  readonly mode?: 'ptrace' | 'seccomp';
}

type Entry = {
  readonly stub: number; readonly tracee: number; readonly why: 'syscall' | 'signal'; nr?: number; sig?: string; addr?: number; code?: string;
  taken: boolean; child?: boolean;
};

/** The guest call a syscall entry makes, as the spec names it. */
const callOf = (entry: Entry | null): TracedGuestSyscall | undefined =>
  entry === null || entry.why !== 'syscall' ? undefined : GUEST_SYSCALL_OF[entry.nr ?? -1] ?? 'other';

/** The pid the BEGIN marker names (`VMSPEC-BEGIN WORKLOAD N pid=P`), or undefined. */
export const pidOfMarker = (text: string): number | undefined => {
  const match = /\bpid=(\d+)\b/.exec(text);
  return match === null ? undefined : Number(match[1]);
};

/** Converts the operations of one recording; throws a one-line Error naming the log line where it cannot. */
export function umlTrace(ops: readonly RawVmmOp[], options: UmlTraceOptions): UmlTrace {
  const events: SpecEvent[] = [];
  const logLines: number[] = [];
  const stubOf = new Map<number, number>();
  const pidOf = new Map<number, number>();
  const inCall = new Set<number>();
  let running: number | null = null;
  let entry: Entry | null = null;
  let current = options.pid;
  let returningTo: number | null = null;
  let started = false;
  let line = 0;

  const emit = (event: SpecEvent): void => {
    events.push(event);
    logLines.push(line);
  };
  const stub = (tracee: number): number => {
    let n = stubOf.get(tracee);
    if (n === undefined) stubOf.set(tracee, (n = stubOf.size + 1));
    return n;
  };
  const pidOfStub = (s: number): number => {
    const pid = pidOf.get(s);
    if (pid === undefined) throw new Error(`log line ${line}: stub ${s} holds no known guest process (it appeared outside a fork or execve)`);
    return pid;
  };
  /**
   * The guest call a new stub is made for: the current entry's fork or execve, else an execve in flight on another
   * stopped stub (UML 7 makes the new stub late in execve, after the guest kernel may have scheduled away to handle
   * another process's call), the latest first. A fork's stub seen elsewhere is paired in order below.
   */
  const inFlight = new Map<number, Entry>();
  const makesStub = (e: Entry | null): e is Entry => e !== null && (callOf(e) === 'execve' || (callOf(e) === 'fork' && e.child !== true));
  const stubMaker = (): Entry | undefined =>
    makesStub(entry) ? entry : [...inFlight.values()].reverse().find((e) => e !== entry && callOf(e) === 'execve');
  const takeEntry = (): void => {
    if (entry === null || entry.taken) return;
    entry.taken = true;
    const pid = pidOfStub(entry.stub);
    const nr = callOf(entry);
    if (nr !== undefined) {
      emit({ type: 'guest.syscall', pid, nr });
      if (nr === 'exit') emit({ type: 'guest.exit', pid });
    } else if (entry.sig === 'SIGSEGV') {
      emit({ type: 'guest.fault', pid, addr: (entry.addr ?? 0) >>> 0, op: entry.code === 'SEGV_ACCERR' ? 'write' : 'read' });
    } else {
      emit({ type: 'guest.interrupt', irq: entry.sig === 'SIGIO' ? 'io' : 'timer' });
    }
  };
  const resumesNext = (from: number, tracee: number): boolean => {
    const next = nextResume(ops, from);
    return next?.how === 'sysemu' && next.tracee === tracee;
  };
  // The result the parent's clone returns: the last SETREGS (from `from` on) before its stub's PTRACE_SYSEMU back into
  // guest code. Not the first: a switch to the stub writes its registers (rax −ENOSYS) before PTRACE_ARCH_PRCTL.
  const cloneResult = (from: number, tracee: number): number | undefined => {
    let written: number | undefined;
    for (let i = from; i < ops.length; i++) {
      const op = ops[i]!;
      if (op.kind === 'regs' && op.tracee === tracee && op.dir === 'set' && op.set === 'gpr' && op.result !== undefined) written = op.result;
      else if (op.kind === 'resume') {
        if (op.how === 'sysemu' && op.tracee === tracee && written !== undefined) return written;
        written = undefined;
      }
    }
    return undefined;
  };
  // A clone's child stub first seen outside its parent's clone (the tracer met it later), or a clone that returned
  // before its child's stub was seen: paired in order, announced when both are known.
  const orphanStubs: number[] = [];
  const unannounced: { parent: number; pid: number }[] = [];
  const pairUp = (): void => {
    while (orphanStubs.length > 0 && unannounced.length > 0) {
      const s = orphanStubs.shift()!;
      const clone = unannounced.shift()!;
      takeEntry();
      emit({ type: 'guest.spawn', parent: clone.parent, pid: clone.pid });
      emit({ type: 'host.stub.create', stub: s });
      pidOf.set(s, clone.pid);
    }
  };
  // Before the writes that lead into guest code: a fork's child not yet announced, the switch and the return.
  const returnTo = (s: number, index: number): void => {
    if (returningTo === s) return;
    takeEntry();
    if (entry !== null && entry.stub === s && !entry.child && callOf(entry) === 'fork') {
      const result = cloneResult(index, entry.tracee);
      if (result !== undefined && result > 0) unannounced.push({ parent: pidOfStub(s), pid: result });
      entry.child = true;
      pairUp();
    }
    const pid = pidOfStub(s);
    if (pid !== current) emit({ type: 'guest.switch', from: current, to: pid });
    current = pid;
    emit({ type: 'guest.return', pid });
    returningTo = s;
    inFlight.delete(s);
    entry = null;
  };

  for (const [index, op] of ops.entries()) {
    line = op.line;
    if (!started) {
      // The BEGIN marker is written inside its process's write syscall: start where that process runs again.
      if (op.kind !== 'resume' || op.how !== 'sysemu') continue;
      started = true;
      pidOf.set(stub(op.tracee), options.pid);
      running = stub(op.tracee);
      continue;
    }
    switch (op.kind) {
      case 'spawn': {
        if (stubOf.has(op.tracee)) break;
        const s = stub(op.tracee);
        const maker = stubMaker();
        takeEntry();
        if (maker !== undefined && callOf(maker) === 'execve') {
          emit({ type: 'host.stub.create', stub: s });
          pidOf.set(s, pidOfStub(maker.stub));
        } else if (maker !== undefined) {
          const pid = cloneResult(index + 1, maker.tracee);
          if (pid === undefined) throw new Error(`log line ${line}: the clone that made this stub never returns to its caller in the log`);
          emit({ type: 'guest.spawn', parent: pidOfStub(maker.stub), pid });
          emit({ type: 'host.stub.create', stub: s });
          pidOf.set(s, pid);
          maker.child = true;
        } else {
          orphanStubs.push(s);
          pairUp();
        }
        break;
      }
      case 'stop': {
        const s = stub(op.tracee);
        if (op.why === 'exit') break;
        if (inCall.has(s)) {
          inCall.delete(s);
          emit({ type: 'host.stub.stop', stub: s, why: 'signal' });
        } else if (s === running) {
          running = null;
          returningTo = null;
          emit({ type: 'host.stub.stop', stub: s, why: op.why });
          entry = { stub: s, tracee: op.tracee, why: op.why, ...(op.sig === undefined ? {} : { sig: op.sig }), taken: false };
          inFlight.set(s, entry);
        }
        // Otherwise a new stub's first stop: part of its creation.
        break;
      }
      case 'regs': {
        const s = stub(op.tracee);
        if (op.dir === 'get') {
          if (entry !== null && !entry.taken && entry.stub === s && op.set === 'gpr' && entry.nr === undefined && op.syscall !== undefined) entry.nr = op.syscall;
          if (entry !== null && !entry.taken && entry.stub !== s) takeEntry();
        } else {
          if (resumesNext(index, op.tracee)) returnTo(s, index);
          else takeEntry();
        }
        emit({ type: 'host.stub.regs', stub: s, dir: op.dir, set: op.set });
        break;
      }
      case 'siginfo': {
        const s = stub(op.tracee);
        if (entry !== null && !entry.taken && entry.stub === s) {
          if (op.addr !== undefined) entry.addr = op.addr;
          entry.code = op.code;
        }
        emit({ type: 'host.stub.regs', stub: s, dir: 'get', set: 'other' });
        break;
      }
      case 'ptrace': {
        if (op.request === 'PTRACE_ARCH_PRCTL' && op.result >= 0) {
          const s = stub(op.tracee);
          if (resumesNext(index, op.tracee)) returnTo(s, index);
          else takeEntry();
          emit({ type: 'host.stub.regs', stub: s, dir: 'set', set: 'other' });
        }
        break;
      }
      case 'resume': {
        const s = stub(op.tracee);
        if (op.how === 'sysemu') {
          returnTo(s, index);
          emit({ type: 'host.stub.resume', stub: s, how: 'sysemu' });
          running = s;
          returningTo = null;
        } else if (op.how === 'cont') {
          takeEntry();
          emit({ type: 'host.stub.resume', stub: s, how: 'cont' });
          inCall.add(s);
        } else {
          throw new Error(`log line ${line}: a ${op.how} resume of stub ${s}: real skas0 resumes with PTRACE_SYSEMU or PTRACE_CONT only`);
        }
        break;
      }
      case 'kill': {
        const s = stubOf.get(op.tracee);
        if (s === undefined) break;
        if (op.sig === 'SIGKILL') {
          takeEntry();
          emit({ type: 'host.stub.kill', stub: s });
          inCall.delete(s);
          inFlight.delete(s);
        } else if (op.sig === 'SIGALRM') emit({ type: 'host.signal.send', sig: 'SIGALRM' });
        break;
      }
      case 'hostcall':
      case 'signal':
      case 'marker':
        break;
    }
  }
  if (!started) throw new Error('the log has no resumption into guest code after the BEGIN marker: nothing to convert');
  const header: TraceHeader = {
    format: 'vmspec-trace', version: 3, variant: 'skas0', workload: `uml/${options.workload}`, seed: null,
    emulator: `User-Mode Linux ${options.kernel ?? '(version unknown)'} (${options.mode ?? 'ptrace'} stubs) via strace -v`, complete: false, accesses: false,
    start: { current: options.pid, processes: [{ pid: options.pid, stub: 1 }] },
  };
  return { header, events, logLines };
}
