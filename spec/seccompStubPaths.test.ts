/**
 * Seccomp stubs' paths are accepted by the composed spec of the `skas0-seccomp`
 * preset, and each relation refuses what breaks it, in words: a host call by a
 * stub running guest code (what a guest that jumps into the stub's page makes),
 * an entry the handler never handed over, a return of a stub the kernel did not
 * wake. The two stub modes do not mix: ptrace stops are refused under seccomp
 * stubs, and seccomp hand-offs under ptrace stubs.
 */
import { describe, expect, it } from 'vitest';
import { run, type RunResult } from './stepper.ts';
import { SECCOMP_STUB_PATHS, seccompEntry, seccompReturn, seccompStubStart, seccompSwitch, seccompSyscall, thenHaltSeccomp } from './seccompStubPaths.ts';
import { STUB_PATHS } from './stubPaths.ts';
import { SKAS0, SKAS0_SECCOMP } from './variant.ts';
import type { SpecEvent } from './types.ts';

const init = { pid: 1, stub: 1 };
const child = { pid: 2, stub: 2 };

function rejection(result: RunResult) {
  if (result.ok) throw new Error('accepted');
  return { index: result.index, machine: result.rejection.machine, why: result.rejection.reasons.map((r) => r.text).join(' ') };
}

const without = (events: readonly SpecEvent[], index: number): SpecEvent[] => events.filter((_, i) => i !== index);

describe('the skas0-seccomp spec', () => {
  it.each(Object.keys(SECCOMP_STUB_PATHS))('accepts the %s path, and it can end halted', (name) => {
    const events = SECCOMP_STUB_PATHS[name]!();
    const result = run(SKAS0_SECCOMP, events);
    if (!result.ok) throw new Error(`${name}: #${result.index} ${JSON.stringify(events[result.index])} rejected: ${result.rejection.reasons.map((r) => r.text).join('; ')}`);
    const at = name === 'execve' ? { pid: 1, stub: 2 } : init;
    expect(run(SKAS0_SECCOMP, thenHaltSeccomp(events, at)).ok).toBe(true);
  });

  const start = seccompStubStart([init, child], 1);
  const events = [...start, ...seccompSyscall(init), ...seccompSwitch(init, child), ...seccompSyscall(child)];

  it('refuses a host call by a stub while it runs guest code: a guest that reached the calls its filter allows', () => {
    const r = rejection(run(SKAS0_SECCOMP, [...start, { type: 'host.stub.syscall', stub: 1, nr: 'mmap' }]));
    expect(r).toMatchObject({ index: start.length, machine: 'mediation/seccomp-stub' });
    expect(r.why).toMatch(/while it runs guest code: a stub's own calls are its handler's/);
  });

  it('refuses an entry the handler never handed over (the wake of the kernel dropped)', () => {
    const i = events.findIndex((e, j) => j >= start.length && e.type === 'host.stub.wake' && e.to === 'kernel');
    const r = rejection(run(SKAS0_SECCOMP, without(events, i)));
    expect(r.index).toBe(i);
    expect(r.why).toMatch(/before stub 1's handler handed its SIGSYS over/);
  });

  it('refuses a return into guest code by a stub the kernel did not wake to return', () => {
    const from = start.length + seccompSyscall(init).length;
    const i = events.findIndex((e, j) => j >= from && e.type === 'host.stub.sigreturn');
    const wrong = events.map((e, j) => (j === i && e.type === 'host.stub.sigreturn' ? { ...e, stub: 1 } : e));
    const r = rejection(run(SKAS0_SECCOMP, wrong));
    expect(r.index).toBe(i);
    expect(r.why).toMatch(/stub the kernel woke to return is 2/);
  });

  it('refuses a wake of the wrong process\'s stub on a switch, naming the process it returned to', () => {
    const from = start.length + seccompSyscall(init).length;
    const i = events.findIndex((e, j) => j >= from && e.type === 'host.stub.wake' && e.to === 'stub');
    const wrong = [...events.slice(0, i), { type: 'host.stub.wake', stub: 1, to: 'stub' } as const, { type: 'host.stub.sigreturn', stub: 1 } as const];
    const r = rejection(run(SKAS0_SECCOMP, wrong));
    expect(r.index).toBe(i + 1);
    expect(r.why).toMatch(/returned to pid 2, whose address space is stub 2/);
  });

  it('rejects every skipped or repeated step of a syscall that switches', () => {
    const from = start.length + seccompSyscall(init).length;
    const to = from + seccompSwitch(init, child).length;
    const accepted: string[] = [];
    for (let i = from; i < to; i++) {
      const e = events[i]!;
      if (run(SKAS0_SECCOMP, without(events, i)).ok) accepted.push(`delete #${i} ${JSON.stringify(e)}`);
      if (run(SKAS0_SECCOMP, [...events.slice(0, i + 1), ...events.slice(i)]).ok) accepted.push(`duplicate #${i} ${e.type}`);
    }
    expect(accepted, accepted.join('\n')).toEqual([]);
  });

  it('does not mix stub modes: ptrace stops under seccomp stubs, seccomp hand-offs under ptrace stubs', () => {
    expect(run(SKAS0_SECCOMP, STUB_PATHS['null-syscall']!()).ok).toBe(false);
    expect(run(SKAS0, SECCOMP_STUB_PATHS['null-syscall']!()).ok).toBe(false);
    expect(run(SKAS0, [...seccompStubStart([init], 1).slice(0, 3), ...seccompEntry(init, 'getpid'), ...seccompReturn(init)]).ok).toBe(false);
  });
});
