/**
 * The guest syscalls' semantics as a guest program sees them: pipe data,
 * end-of-file and EPIPE, brk, wait and ECHILD, kill with and without a
 * handler, bad buffers (EFAULT, never a crash), disk reads completed by SIGIO,
 * console output, and timer preemption between two busy processes.
 */
import { describe, expect, it } from 'vitest';
import { runWorkload } from '../run/runWorkload.ts';
import type { Observation } from './observations.ts';
import { HEAP_BASE, INITIAL_HEAP_PAGES } from './guestProcess.ts';
import type { GuestCall, Program } from './isa.ts';

const sys = (call: GuestCall) => ({ op: 'syscall', call }) as const;
const results = (log: readonly Observation[], pid = 1) => log.flatMap((o) => (o.kind === 'syscall' && o.pid === pid ? [`${o.nr}=${o.result}`] : []));

function runOne(programs: readonly Program[], variant = '+multi-as') {
  return runWorkload({ name: 'unit', programs }, { variant, seed: 1 });
}

describe('guest syscalls', () => {
  it('pipe: data goes through in order; wait reaps a child, then reports ECHILD', () => {
    const { observations } = runOne([[
      sys({ nr: 'pipe', addr: HEAP_BASE }),
      { op: 'store', addr: HEAP_BASE + 16, value: 5 },
      sys({ nr: 'write', fd: 4, addr: HEAP_BASE + 16, count: 1 }),
      sys({ nr: 'read', fd: 3, addr: HEAP_BASE + 32, count: 4 }),
      { op: 'load', addr: HEAP_BASE + 32 },
      { op: 'load', addr: HEAP_BASE + 4 },
      sys({ nr: 'fork', child: [sys({ nr: 'exit', status: 0 })] }),
      sys({ nr: 'wait' }),
      sys({ nr: 'wait' }),
    ]]);
    expect(results(observations.log)).toEqual(['pipe=0', 'write=1', 'read=1', 'fork=2', 'wait=2', 'wait=-10']);
    expect(observations.log.filter((o) => o.kind === 'load').map((o) => (o.kind === 'load' ? o.value : 0))).toEqual([5, 4]);
  });

  it('brk grows and shrinks the heap; a load past the break is a guest SIGSEGV', () => {
    const start = HEAP_BASE + INITIAL_HEAP_PAGES * 0x1000;
    const { observations } = runOne([[
      sys({ nr: 'brk', addr: 0 }),
      sys({ nr: 'brk', addr: start + 0x2000 }),
      { op: 'store', addr: start + 0x1000, value: 9 },
      sys({ nr: 'brk', addr: start }),
      { op: 'load', addr: start + 0x1000 },
    ]]);
    expect(results(observations.log)).toEqual([`brk=${start}`, `brk=${start + 0x2000}`, `brk=${start}`]);
    expect(observations.exits).toEqual({ 1: 139 });
  });

  it('returns EFAULT for a buffer outside the process, without a fault or a crash', () => {
    const { observations } = runOne([[sys({ nr: 'write', fd: 1, addr: 0x7000_0000, count: 2 }), sys({ nr: 'write', fd: 9, addr: HEAP_BASE, count: 1 })]]);
    expect(results(observations.log)).toEqual(['write=-14', 'write=-9']);
    expect(observations.exits).toEqual({ 1: 0 });
  });

  it('kill: SIGUSR1 runs a handler when there is one, SIGKILL always terminates', () => {
    const { observations } = runOne([[
      sys({ nr: 'sigaction', sig: 'SIGUSR1', handler: [{ op: 'store', addr: HEAP_BASE, value: 77 }] }),
      sys({ nr: 'kill', pid: 1, sig: 'SIGUSR1' }),
      { op: 'load', addr: HEAP_BASE },
      sys({ nr: 'kill', pid: 1, sig: 'SIGKILL' }),
      sys({ nr: 'getpid' }),
    ]]);
    expect(observations.log.some((o) => o.kind === 'load' && o.value === 77)).toBe(true);
    expect(observations.exits).toEqual({ 1: 137 });
    expect(results(observations.log)).not.toContain('getpid=1');
  });

  it('disk reads block until SIGIO and bring the same words in every variant; console bytes are kept', () => {
    const program: Program = [
      sys({ nr: 'read', fd: 0, addr: HEAP_BASE, count: 2 }),
      { op: 'store', addr: HEAP_BASE + 8, value: 0x141 },
      sys({ nr: 'write', fd: 1, addr: HEAP_BASE + 8, count: 1 }),
    ];
    const a = runOne([program], 'umlinux');
    const b = runOne([program], '+multi-as');
    expect(a.counters.signals.SIGIO).toBe(1);
    expect(a.observations).toEqual(b.observations);
    expect(a.observations.console).toEqual([0x41]);
    expect(a.observations.finalMemory[1]?.length).toBeGreaterThan(0);
  });

  it('the timer preempts a busy process so that two busy processes interleave', () => {
    const busy = (value: number): Program => [{ op: 'loop', times: 5, body: [{ op: 'compute', cycles: 900 }, { op: 'store', addr: HEAP_BASE, value }, { op: 'load', addr: HEAP_BASE }] }];
    const { observations, counters } = runOne([busy(1), busy(2)]);
    const pids = observations.log.flatMap((o) => (o.kind === 'load' ? [o.pid] : []));
    expect(new Set(pids)).toEqual(new Set([1, 2]));
    expect(pids.slice(0, 5)).not.toEqual([1, 1, 1, 1, 1]);
    expect(counters.guestContextSwitches).toBeGreaterThan(2);
  });

  it('ends in deadlock, not a hang, when every process waits on something nobody can provide', () => {
    const { observations } = runOne([[sys({ nr: 'pipe', addr: HEAP_BASE }), sys({ nr: 'read', fd: 3, addr: HEAP_BASE, count: 1 })]]);
    expect(observations.end).toBe('deadlock');
  });
});
