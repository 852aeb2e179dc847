/**
 * Turns a recorded real workload (the strace intermediate form) into an
 * emulator workload (issue 7, item 3): per process, its syscalls in order as
 * the guest syscalls the emulator has, the compute between them as `compute`
 * cycles, process creation as fork with the child's own program, blocking
 * calls as disk reads that block until the disk interrupt.
 */
import { HEAP_BASE, INITIAL_HEAP_PAGES, type GuestCall, type Instr, type Program, type Workload } from '../../impl/index.ts';
import type { ProcessEvent, StraceWorkload, TracedProcess } from './straceWorkload.ts';

/** Words the emulator's read or write moves at most (impl/guest/guestSyscalls.ts MAX_TRANSFER). */
export const MAX_WORDS = 64;
/** Where a converted process keeps its I/O buffer (inside its initial heap). */
export const IO_BUFFER = HEAP_BASE + 0x100;
/** The guest file descriptors the converter uses: 0 is the disk, 1 the console. */
const DISK_FD = 0;
const CONSOLE_FD = 1;

/** How to convert. */
export interface ConvertOptions {
  /** Guest compute cycles per µs of recorded compute (default 1: one cycle is one µs). */
  readonly cyclesPerUs?: number;
  /**
   * µs of strace's own overhead taken off every gap and every in-call time
   * (default 6: about one ptrace stop, 5.9 µs measured here; `-T` of a call
   * like `lseek` reads 6 µs under strace).
   */
  readonly straceOverheadUs?: number;
  /**
   * Pages of its heap a process touches (one load each) after each compute gap,
   * standing for the memory it works on (default 16, at most the initial heap).
   * Under `remap` they are faulted in again after every guest context switch.
   */
  readonly workingSetPages?: number;
  /** Guest syscalls emitted at most over all processes; later events are dropped (default 20 000). */
  readonly maxSyscalls?: number;
}

/** What the conversion did, for the report. */
export interface ConversionSummary {
  readonly processes: number;
  /** Guest syscalls emitted, by guest call. */
  readonly calls: Readonly<Record<string, number>>;
  readonly computeCycles: number;
  /** Blocking calls turned into disk reads. */
  readonly blockingReads: number;
  /** Transfers larger than {@link MAX_WORDS} words, cut to it. */
  readonly cappedTransfers: number;
  /** Events dropped by `maxSyscalls`, and processes nobody spawned (unreachable from the root). */
  readonly droppedEvents: number;
  readonly unreachableProcesses: number;
}

const words = (bytes: number): number => Math.max(1, Math.min(MAX_WORDS, Math.ceil(bytes / 4)));

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
  const budget = { left: options.maxSyscalls ?? 20_000 };
  const workingSet: readonly Instr[] = Array.from(
    { length: Math.max(0, Math.min(INITIAL_HEAP_PAGES, options.workingSetPages ?? 16)) },
    (_, i) => ({ op: 'load', addr: HEAP_BASE + i * 0x1000 }),
  );
  const byPid = new Map(trace.processes.map((p) => [p.pid, p]));
  const calls: Record<string, number> = {};
  const stats = { computeCycles: 0, blockingReads: 0, cappedTransfers: 0, droppedEvents: 0 };
  const converted = new Set<number>();

  const cycles = (us: number): number => Math.round(Math.max(0, us - overhead) * scale);
  const syscall = (out: Instr[], call: GuestCall): void => {
    out.push({ op: 'syscall', call });
    calls[call.nr] = (calls[call.nr] ?? 0) + 1;
    budget.left--;
  };
  const compute = (out: Instr[], n: number): void => {
    if (n <= 0) return;
    out.push({ op: 'compute', cycles: n }, ...workingSet);
    stats.computeCycles += n;
  };

  const event = (out: Instr[], e: Exclude<ProcessEvent, { kind: 'signal' }>): 'go-on' | 'exited' => {
    switch (e.kind) {
      case 'exit':
        syscall(out, { nr: 'exit', status: (e.status ?? 0) & 0xff });
        return 'exited';
      case 'spawn': {
        const child = e.child === null ? undefined : byPid.get(e.child);
        if (child === undefined || converted.has(child.pid)) {
          syscall(out, { nr: 'getpid' });
        } else {
          budget.left--; // the fork itself, before the child's calls use the budget
          const childProgram = program(child);
          budget.left++;
          syscall(out, { nr: 'fork', child: childProgram });
        }
        return 'go-on';
      }
      case 'wait':
        syscall(out, e.child === null ? { nr: 'getpid' } : { nr: 'wait' });
        return 'go-on';
      case 'io':
      case 'exec':
      case 'other': {
        if (e.blocked) {
          stats.blockingReads++;
          syscall(out, { nr: 'read', fd: DISK_FD, addr: IO_BUFFER, count: e.kind === 'io' ? words(e.bytes) : 1 });
        } else if (e.kind === 'io') {
          if (Math.ceil(e.bytes / 4) > MAX_WORDS) stats.cappedTransfers++;
          const count = words(e.bytes);
          syscall(out, e.direction === 'write'
            ? { nr: 'write', fd: CONSOLE_FD, addr: IO_BUFFER, count }
            : { nr: 'read', fd: CONSOLE_FD, addr: IO_BUFFER, count });
        } else {
          syscall(out, { nr: 'getpid' });
        }
        return 'go-on';
      }
    }
  };

  function program(process: TracedProcess): Program {
    converted.add(process.pid);
    const out: Instr[] = [];
    for (const e of process.events) {
      if (e.kind === 'signal') continue;
      if (budget.left <= 0) {
        stats.droppedEvents++;
        continue;
      }
      compute(out, cycles(e.gapUs));
      if (event(out, e) === 'exited') break;
      if (!e.blocked && !e.split) compute(out, cycles(e.durationUs));
    }
    return out;
  }

  const programs = [program(root)];
  return {
    ok: true,
    workload: { name, programs },
    summary: {
      processes: converted.size, calls, ...stats,
      unreachableProcesses: trace.processes.filter((p) => !converted.has(p.pid)).length,
    },
  };
}
