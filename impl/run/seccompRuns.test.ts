/**
 * The emulator under seccomp stubs (skas0-seccomp): a guest getpid is one
 * trapped syscall (the stub's SIGSYS), a futex hand-off each way and the
 * handler's return into guest code; no ptrace stop and no register transfer.
 * A fork's child gets its stub, its maps made by its handler at work; and
 * every run conforms to the skas0-seccomp spec while skas0's own (ptrace)
 * spec refuses it.
 */
import { describe, expect, it } from 'vitest';
import { run, SKAS0, SKAS0_SECCOMP, type SpecEvent } from '../../spec/index.ts';
import { forkExitWait, nullSyscallLoop, runWorkload, type Workload } from '../index.ts';

const NO_TICKS = 10_000_000;
const traced = (workload: Workload) => runWorkload(workload, { variant: 'skas0-seccomp', timerInterval: NO_TICKS, trace: true });
const count = (trace: readonly SpecEvent[], match: (e: SpecEvent) => boolean): number => trace.filter(match).length;

describe('the emulator under seccomp stubs', () => {
  it('handles a guest getpid as a SIGSYS, a hand-off each way and a sigreturn: four futex calls, no ptrace', () => {
    const [short, long] = [traced(nullSyscallLoop(10)), traced(nullSyscallLoop(30))];
    const per = (of: (r: typeof short) => number): number => (of(long) - of(short)) / 20;
    expect(per((r) => count(r.trace, (e) => e.type === 'host.stub.signal' && e.sig === 'SIGSYS'))).toBe(1);
    expect(per((r) => count(r.trace, (e) => e.type === 'host.stub.wake'))).toBe(2);
    expect(per((r) => count(r.trace, (e) => e.type === 'host.stub.sigreturn'))).toBe(1);
    expect(per((r) => r.counters.hostSyscalls.futex ?? 0)).toBe(4);
    expect(per((r) => r.counters.hostContextSwitches)).toBe(2);
    expect(long.counters.ptraceStops + long.counters.registerTransfers).toBe(0);
    expect(count(long.trace, (e) => e.type === 'host.stub.stop' || e.type === 'host.stub.regs' || e.type === 'host.stub.resume')).toBe(0);
  });

  it('forks: a stub per child, its maps made by its handler at work, and the run conforms to skas0-seccomp only', () => {
    const r = traced(forkExitWait(3));
    expect(r.observations.end).toBe('halted');
    expect(count(r.trace, (e) => e.type === 'host.stub.create')).toBe(4);
    expect(count(r.trace, (e) => e.type === 'host.stub.kill')).toBe(4);
    const accepted = run(SKAS0_SECCOMP, r.trace);
    expect(accepted.ok, accepted.ok ? '' : JSON.stringify(accepted.rejection).slice(0, 300)).toBe(true);
    expect(run(SKAS0, r.trace).ok).toBe(false);
  });
});
