/**
 * Turns a recorded real workload (the strace intermediate form) into an
 * emulator workload (issues 7 and 14): per process, its syscalls in order as
 * the guest syscalls the emulator has and the compute between them as
 * `compute` cycles. A fork is a fork with the child's own program; a vfork
 * child (CLONE_VM|CLONE_VFORK) runs in its parent's memory until it execs,
 * then becomes a new process; a thread (CLONE_VM) runs in its creator's
 * memory; an execve tears the heap down and builds it again (`brk` down,
 * `brk` up), so its pages fault in again. Calls that blocked (by call and
 * descriptor kind) are disk reads that wait for the disk interrupt. A
 * process's first touches of memory (page faults, measured or estimated) are
 * loads of new heap pages spread over its compute. Nothing is dropped.
 */
import { HEAP_BASE, INITIAL_HEAP_PAGES, type GuestCall, type Instr, type Program, type Workload } from '../../impl/index.ts';
import type { ProcessEvent, StraceWorkload, SyscallEvent, TracedProcess } from './straceWorkload.ts';

/** Words the emulator's read or write moves at most (impl/guest/guestSyscalls.ts MAX_TRANSFER). */
export const MAX_WORDS = 64;
/** Where a converted process keeps its I/O buffer (inside its initial heap). */
export const IO_BUFFER = HEAP_BASE + 0x100;
const PAGE = 0x1000;
/** The guest file descriptors the converter uses: 0 is the disk, 1 the console. */
const DISK_FD = 0;
const CONSOLE_FD = 1;

/** How to convert. */
export interface ConvertOptions {
  /** Guest compute cycles per µs of recorded compute (default 1: one cycle is one µs). */
  readonly cyclesPerUs?: number;
  /** µs of strace's own overhead per traced syscall, taken off the gap before it and then the time inside it (default 6). */
  readonly straceOverheadUs?: number;
  /**
   * Pages of its heap a process touches again (one load each) after each compute gap, standing for the memory it
   * works on (default 16). Under `remap` they fault in again after every guest context switch.
   */
  readonly workingSetPages?: number;
  /** First touches of memory (minor faults) per pid, spread over the process's compute; default none. */
  readonly firstTouches?: ReadonlyMap<number, number>;
}

/** What the conversion did, for the report. */
export interface ConversionSummary {
  readonly processes: number;
  /** Guest syscalls emitted, by guest call. */
  readonly calls: Readonly<Record<string, number>>;
  /**
   * Recorded calls the emulator has no call for, by their strace name: each became a null syscall (`getpid`), so
   * it is priced as one. Included in `calls.getpid`.
   */
  readonly unmodelled: Readonly<Record<string, number>>;
  readonly computeCycles: number;
  /** Blocking calls turned into disk reads. */
  readonly blockingReads: number;
  /** Transfers larger than {@link MAX_WORDS} words, cut to it (the bytes are not modelled, the call is). */
  readonly cappedTransfers: number;
  /** Threads and other CLONE_VM children run in their creator's memory (no process, no guest switch of their own). */
  readonly inlinedThreads: number;
  /** vfork children run in their parent's memory until their exec. */
  readonly vforkChildren: number;
  /** Successful execs, each a heap torn down and built again. */
  readonly execs: number;
  /** Loads of pages touched for the first time (the page faults given). */
  readonly firstTouches: number;
  /** Processes nobody in the log spawned (attached, or their creator untraced): not run. */
  readonly unreachableProcesses: number;
  /** Signals in the log (not converted: the guest gets none but the VMM's own). */
  readonly signals: number;
}

const words = (bytes: number): number => Math.max(1, Math.min(MAX_WORDS, Math.ceil(bytes / 4)));

/** One address space being converted into: pages first-touched so far, and the heap's size in pages. */
interface Space {
  touched: number;
  heapPages: number;
}

/** One process's share of first touches and how far through its compute the program is. */
interface Budget {
  readonly pages: number;
  readonly computeUs: number;
  doneUs: number;
  given: number;
}

/** Converts `trace` into a workload named `name`; an empty trace is an error value. */
export function toWorkload(
  trace: StraceWorkload,
  name: string,
  options: ConvertOptions = {},
): { ok: true; workload: Workload; summary: ConversionSummary } | { ok: false; error: string } {
  const root = trace.processes[0];
  if (root === undefined) return { ok: false, error: `${name}: the log has no process` };
  const scale = options.cyclesPerUs ?? 1;
  const overhead = options.straceOverheadUs ?? 6;
  const workingSetPages = Math.max(0, options.workingSetPages ?? 16);
  const byPid = new Map(trace.processes.map((p) => [p.pid, p]));
  const calls: Record<string, number> = {};
  const stats = { computeCycles: 0, blockingReads: 0, cappedTransfers: 0, inlinedThreads: 0, vforkChildren: 0, execs: 0, firstTouches: 0, signals: 0 };
  const converted = new Set<number>();

  /** Compute of a call's gap and time inside, strace's overhead taken off the gap first, then the time inside. */
  const split = (e: SyscallEvent): { gapUs: number; insideUs: number } => {
    const fromGap = Math.min(overhead, e.gapUs);
    const inside = e.blocked ? 0 : e.durationUs;
    return { gapUs: e.gapUs - fromGap, insideUs: Math.max(0, inside - (overhead - fromGap)) };
  };
  const budgetOf = (p: TracedProcess): Budget => {
    let computeUs = 0;
    for (const e of p.events) {
      if (e.kind === 'signal') continue;
      const { gapUs, insideUs } = split(e);
      computeUs += gapUs + insideUs;
    }
    return { pages: options.firstTouches?.get(p.pid) ?? 0, computeUs, doneUs: 0, given: 0 };
  };
  const syscall = (out: Instr[], call: GuestCall): void => {
    out.push({ op: 'syscall', call });
    calls[call.nr] = (calls[call.nr] ?? 0) + 1;
  };
  const unmodelled: Record<string, number> = {};
  /** A recorded call the emulator has no call for: a null syscall, counted under its own name for the report. */
  const asNull = (out: Instr[], name: string): void => {
    syscall(out, { nr: 'getpid' });
    unmodelled[name] = (unmodelled[name] ?? 0) + 1;
  };
  /** The heap grown to hold `pages`, doubling (a few brk calls, as malloc's arenas grow, not one per page). */
  const grow = (out: Instr[], space: Space, pages: number): void => {
    if (pages <= space.heapPages) return;
    space.heapPages = Math.max(pages, 2 * space.heapPages);
    syscall(out, { nr: 'brk', addr: HEAP_BASE + space.heapPages * PAGE });
  };
  /** `us` of compute, then the first touches due by then, then the recent working set again. */
  const compute = (out: Instr[], space: Space, budget: Budget, us: number): void => {
    const n = Math.round(us * scale);
    if (n <= 0) return;
    out.push({ op: 'compute', cycles: n });
    stats.computeCycles += n;
    budget.doneUs += us;
    const due = budget.computeUs > 0 ? Math.round((budget.pages * budget.doneUs) / budget.computeUs) : budget.pages;
    const fresh = Math.max(0, due - budget.given);
    budget.given += fresh;
    grow(out, space, space.touched + fresh);
    for (let i = 0; i < fresh; i++) out.push({ op: 'load', addr: HEAP_BASE + (space.touched + i) * PAGE });
    space.touched += fresh;
    stats.firstTouches += fresh;
    for (let page = Math.max(0, space.touched - workingSetPages); page < space.touched; page++) out.push({ op: 'load', addr: HEAP_BASE + page * PAGE });
  };
  /** An exec: the old image's heap torn down, the new one's built. */
  const exec = (out: Instr[], space: Space): void => {
    stats.execs++;
    syscall(out, { nr: 'brk', addr: HEAP_BASE });
    space.touched = 0;
    space.heapPages = INITIAL_HEAP_PAGES;
    syscall(out, { nr: 'brk', addr: HEAP_BASE + INITIAL_HEAP_PAGES * PAGE });
  };

  /**
   * The calls of `process` from `from` on, into `out` in `space`. `inline`: it runs inside its creator (a thread, a
   * vfork child before its exec), so its exit is not the creator's and its exec ends the inline part. Returns where it
   * stopped: 'exited', 'ended', or the index of the exec that ended an inline part.
   */
  function emit(process: TracedProcess, out: Instr[], space: Space, budget: Budget, from: number, inline: boolean): number | 'exited' | 'ended' {
    converted.add(process.pid);
    const events: readonly ProcessEvent[] = process.events;
    for (let k = from; k < events.length; k++) {
      const e = events[k]!;
      if (e.kind === 'signal') {
        stats.signals++;
        continue;
      }
      if (inline && e.kind === 'exec' && e.result === 0) return k;
      const { gapUs, insideUs } = split(e);
      compute(out, space, budget, gapUs);
      // A thread's or vfork child's exit ends it, not the creator it runs in.
      if (inline && e.kind === 'exit') return 'exited';
      if (call(e, out, space) === 'exited') return 'exited';
      compute(out, space, budget, insideUs);
    }
    return 'ended';
  }

  function call(e: SyscallEvent, out: Instr[], space: Space): 'go-on' | 'exited' {
    switch (e.kind) {
      case 'exit':
        syscall(out, { nr: 'exit', status: (e.status ?? 0) & 0xff });
        return 'exited';
      case 'spawn':
        spawn(e.name, e.child === null ? undefined : byPid.get(e.child), e.vfork ? 'vfork' : e.sharesMemory || e.thread ? 'thread' : 'fork', out, space);
        return 'go-on';
      case 'wait':
        if (e.child === null) asNull(out, e.name);
        else syscall(out, { nr: 'wait' });
        return 'go-on';
      case 'exec':
        if (e.result === 0) exec(out, space);
        else asNull(out, e.name);
        return 'go-on';
      case 'io':
      case 'other':
        if (e.blocked) {
          stats.blockingReads++;
          syscall(out, { nr: 'read', fd: DISK_FD, addr: IO_BUFFER, count: e.kind === 'io' ? words(e.bytes) : 1 });
        } else if (e.kind === 'io') {
          if (Math.ceil(e.bytes / 4) > MAX_WORDS) stats.cappedTransfers++;
          const count = words(e.bytes);
          syscall(out, { nr: e.direction, fd: CONSOLE_FD, addr: IO_BUFFER, count });
        } else {
          asNull(out, e.name);
        }
        return 'go-on';
    }
  }

  /** A child: its own process (fork), in the creator's memory until its exec (vfork), or wholly in it (thread). */
  function spawn(name: string, child: TracedProcess | undefined, how: 'fork' | 'vfork' | 'thread', out: Instr[], space: Space): void {
    if (child === undefined || converted.has(child.pid)) {
      asNull(out, name);
      return;
    }
    const budget = budgetOf(child);
    if (how === 'thread') {
      stats.inlinedThreads++;
      asNull(out, name);
      const stopped = emit(child, out, space, budget, 0, true);
      // A thread that execs replaces the whole process: from there it is a process of its own.
      if (typeof stopped === 'number') syscall(out, { nr: 'fork', child: program(child, budget, { ...space }, stopped) });
      return;
    }
    if (how === 'fork') {
      syscall(out, { nr: 'fork', child: program(child, budget, { ...space }, 0) });
      return;
    }
    stats.vforkChildren++;
    asNull(out, name);
    const stopped = emit(child, out, space, budget, 0, true);
    if (typeof stopped === 'number') syscall(out, { nr: 'fork', child: program(child, budget, { ...space }, stopped) });
  }

  function program(process: TracedProcess, budget: Budget, space: Space, from: number): Program {
    const out: Instr[] = [];
    emit(process, out, space, budget, from, false);
    return out;
  }

  const programs = [program(root, budgetOf(root), { touched: 0, heapPages: INITIAL_HEAP_PAGES }, 0)];
  return {
    ok: true,
    workload: { name, programs },
    summary: {
      processes: converted.size, calls, unmodelled, ...stats,
      unreachableProcesses: trace.processes.filter((p) => !converted.has(p.pid)).length,
    },
  };
}
