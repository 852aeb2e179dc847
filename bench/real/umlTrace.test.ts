/**
 * The converter on operation sequences written here after the patterns read
 * from real logs (bench/real/README.md): a getpid, a fork whose child runs
 * and exits, a page fault, a timer tick. Each converts to a trace that
 * conforms to the skas0 spec, with the guest events placed where the
 * converter's comment says; the live recordings are umlConform.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { conformLines, formatHeaderLine, toRecord } from '../../traces/index.ts';
import type { RawVmmOp } from './rawVmmOp.ts';
import { pidOfMarker, umlTrace } from './umlTrace.ts';

let line = 0;
const at = <T extends object>(op: T): T & { line: number } => ({ ...op, line: ++line });
const stop = (tracee: number, why: 'syscall' | 'signal', sig?: string): RawVmmOp => at({ kind: 'stop', tracee, why, ...(sig ? { sig } : {}) } as const);
const get = (tracee: number, set: 'gpr' | 'fp', syscall?: number): RawVmmOp => at({ kind: 'regs', tracee, dir: 'get', set, ...(syscall === undefined ? {} : { syscall }) } as const);
const put = (tracee: number, set: 'gpr' | 'fp', result?: number): RawVmmOp => at({ kind: 'regs', tracee, dir: 'set', set, ...(result === undefined ? {} : { result }) } as const);
const resume = (tracee: number, how: 'sysemu' | 'cont'): RawVmmOp => at({ kind: 'resume', tracee, how, sig: 0 } as const);
const syscall = (tracee: number, nr: number, result: number): RawVmmOp[] => [
  stop(tracee, 'syscall'), get(tracee, 'gpr', nr), get(tracee, 'fp'), put(tracee, 'gpr', result), put(tracee, 'fp'), resume(tracee, 'sysemu'),
];
const call = (tracee: number): RawVmmOp[] => [put(tracee, 'gpr'), resume(tracee, 'cont'), stop(tracee, 'signal', 'SIGTRAP')];
const switchIn = (tracee: number, result: number): RawVmmOp[] => [
  put(tracee, 'gpr'), at({ kind: 'ptrace', tracee, request: 'PTRACE_ARCH_PRCTL', result: 0 } as const), get(tracee, 'gpr'),
  put(tracee, 'gpr', result), put(tracee, 'fp'), resume(tracee, 'sysemu'),
];

// The BEGIN marker's write (the window opens inside it), then the body.
const begin: RawVmmOp[] = [at({ kind: 'marker', text: 'VMSPEC-BEGIN fork 1 pid=40' } as const), put(100, 'gpr', 27), put(100, 'fp'), resume(100, 'sysemu')];
const fork: RawVmmOp[] = [
  stop(100, 'syscall'), get(100, 'gpr', 56), get(100, 'fp'), ...call(100),
  at({ kind: 'spawn', tracee: 101 } as const), stop(101, 'signal', 'SIGTRAP'),
  at({ kind: 'ptrace', tracee: 101, request: 'PTRACE_OLDSETOPTIONS', result: 0 } as const),
  ...call(100), put(100, 'gpr', 41), put(100, 'fp'), resume(100, 'sysemu'),
];
const fault: RawVmmOp[] = [
  stop(100, 'signal', 'SIGSEGV'), get(100, 'gpr'), get(100, 'fp'),
  at({ kind: 'siginfo', tracee: 100, sig: 'SIGSEGV', code: 'SEGV_ACCERR', addr: 0x4000 } as const), get(100, 'fp'),
  resume(100, 'cont'), stop(100, 'signal', 'SIGTRAP'), put(100, 'fp'), ...call(100), put(100, 'gpr'), put(100, 'fp'), resume(100, 'sysemu'),
];
const waitAndChildExit: RawVmmOp[] = [
  stop(100, 'syscall'), get(100, 'gpr', 61), get(100, 'fp'), ...switchIn(101, 0),
  stop(101, 'syscall'), get(101, 'gpr', 231), get(101, 'fp'),
  at({ kind: 'kill', tracee: 101, sig: 'SIGKILL' } as const), at({ kind: 'stop', tracee: 101, why: 'exit' } as const), ...switchIn(100, 41),
];
const tick: RawVmmOp[] = [
  at({ kind: 'signal', sig: 'SIGALRM' } as const), at({ kind: 'kill', tracee: 100, sig: 'SIGALRM' } as const),
  stop(100, 'signal', 'SIGALRM'), get(100, 'gpr'), get(100, 'fp'), put(100, 'gpr'), put(100, 'fp'), resume(100, 'sysemu'),
];
const ops = [...begin, ...syscall(100, 39, 40), ...fork, ...fault, ...waitAndChildExit, ...tick].map((op, i) => ({ ...op, line: i + 1 }));

describe('the UML log converter', () => {
  const trace = umlTrace(ops, { workload: 'fork', pid: pidOfMarker('VMSPEC-BEGIN fork 1 pid=40')! });
  const types = trace.events.map((e) => (e.type.startsWith('guest.') ? JSON.stringify(e) : e.type));

  it('yields a trace that conforms to the skas0 spec from the declared start', () => {
    const lines = [formatHeaderLine(trace.header), ...trace.events.map((e, i) => JSON.stringify(toRecord(i + 1, e)))];
    const verdict = conformLines(lines);
    expect(verdict.kind, JSON.stringify(verdict).slice(0, 600)).toBe('conforms');
    expect('start' in trace.header ? trace.header.start : undefined).toEqual({ current: 40, processes: [{ pid: 40, stub: 1 }] });
  });

  it('names the guest events the log implies, in place', () => {
    expect(types.filter((t) => t.startsWith('{'))).toEqual([
      '{"type":"guest.syscall","pid":40,"nr":"getpid"}', '{"type":"guest.return","pid":40}',
      '{"type":"guest.syscall","pid":40,"nr":"fork"}', '{"type":"guest.spawn","parent":40,"pid":41}', '{"type":"guest.return","pid":40}',
      '{"type":"guest.fault","pid":40,"addr":16384,"op":"write"}', '{"type":"guest.return","pid":40}',
      '{"type":"guest.syscall","pid":40,"nr":"wait"}', '{"type":"guest.switch","from":40,"to":41}', '{"type":"guest.return","pid":41}',
      '{"type":"guest.syscall","pid":41,"nr":"exit"}', '{"type":"guest.exit","pid":41}', '{"type":"guest.switch","from":41,"to":40}',
      '{"type":"guest.return","pid":40}', '{"type":"guest.interrupt","irq":"timer"}', '{"type":"guest.return","pid":40}',
    ]);
    expect(types.filter((t) => t === 'host.stub.create' || t === 'host.stub.kill')).toEqual(['host.stub.create', 'host.stub.kill']);
  });

  it('keeps the log line of every event', () => {
    expect(trace.logLines.length).toBe(trace.events.length);
    expect([...trace.logLines].sort((a, b) => a - b)).toEqual(trace.logLines);
  });

  // The raw fork loop's parent: UML switched away and back before the clone returned, writing rax −ENOSYS first.
  it("takes a clone's result from the last register write before the parent's resumption", () => {
    const forkThenSwitchBack: RawVmmOp[] = [
      ...begin, stop(100, 'syscall'), get(100, 'gpr', 57), get(100, 'fp'), ...call(100),
      at({ kind: 'spawn', tracee: 101 } as const), stop(101, 'signal', 'SIGTRAP'),
      put(100, 'gpr', -38), at({ kind: 'ptrace', tracee: 100, request: 'PTRACE_ARCH_PRCTL', result: 0 } as const), get(100, 'gpr'),
      put(100, 'gpr', 41), put(100, 'fp'), resume(100, 'sysemu'),
    ];
    const spawned = umlTrace(forkThenSwitchBack, { workload: 'fork', pid: 40 }).events.filter((e) => e.type === 'guest.spawn');
    expect(spawned).toEqual([{ type: 'guest.spawn', parent: 40, pid: 41 }]);
  });

  it('refuses a log with no resumption after BEGIN, and a stub of no known process', () => {
    expect(() => umlTrace(begin.slice(0, 2), { workload: 'w', pid: 1 })).toThrow(/no resumption/);
    expect(() => umlTrace([...begin, ...switchIn(555, 0)], { workload: 'w', pid: 1 })).toThrow(/holds no known guest process/);
  });
});
