/**
 * Real skas0's mediation, event by event, as UML 6.1 does it under strace: a
 * guest syscall is one SYSEMU stop with two register reads and two writes; a
 * fault adds the siginfo and the stub's own fault record; a timer tick is a
 * signal the VMM sends the running stub; a return to another process loads
 * its TLS base first. Nothing of the paper's path is left (no rewrite, no
 * SIGUSR1, no sigreturn, no protection call).
 */
import { describe, expect, it } from 'vitest';
import type { SpecEvent } from '../../../spec/types.ts';
import { runWorkload } from '../../run/runWorkload.ts';
import { diskReader } from '../../workloads/diskReader.ts';
import { memoryToucher } from '../../workloads/memoryToucher.ts';
import { nullSyscallLoop } from '../../workloads/nullSyscallLoop.ts';
import { pipePingPong } from '../../workloads/pipePingPong.ts';

const traceOf = (workload: Parameters<typeof runWorkload>[0], timerInterval = 1000): readonly SpecEvent[] =>
  runWorkload(workload, { variant: 'skas0', trace: true, timerInterval }).trace;

/** The `count` events from the first one `start` accepts. */
function window(trace: readonly SpecEvent[], start: (e: SpecEvent) => boolean, count: number): readonly SpecEvent[] {
  const at = trace.findIndex(start);
  expect(at).toBeGreaterThanOrEqual(0);
  return trace.slice(at, at + count);
}

const regs = (stub: number, dir: 'get' | 'set', set: 'gpr' | 'fp' | 'other'): SpecEvent => ({ type: 'host.stub.regs', stub, dir, set });
const returnTo = (pid: number, stub: number): readonly SpecEvent[] => [
  { type: 'guest.return', pid }, regs(stub, 'set', 'gpr'), regs(stub, 'set', 'fp'), { type: 'host.stub.resume', stub, how: 'sysemu' },
];

describe('ptrace-sysemu mediation (real skas0)', () => {
  it('starts process 1 on stub 1 and resumes it', () => {
    const trace = traceOf(nullSyscallLoop(1));
    expect(trace[0]).toEqual({ type: 'vmm.start' });
    expect(window(trace, (e) => e.type === 'vmm.start', 8)).toEqual([
      { type: 'vmm.start' }, { type: 'guest.spawn', parent: 0, pid: 1 }, { type: 'host.stub.create', stub: 1 }, ...returnTo(1, 1),
      { type: 'host.stub.stop', stub: 1, why: 'syscall' },
    ]);
  });

  it('handles a guest syscall in one SYSEMU stop: 2 register reads, 2 writes, 1 resume', () => {
    const trace = traceOf(nullSyscallLoop(2));
    expect(window(trace, (e) => e.type === 'host.stub.stop', 8)).toEqual([
      { type: 'host.stub.stop', stub: 1, why: 'syscall' }, regs(1, 'get', 'gpr'), regs(1, 'get', 'fp'),
      { type: 'guest.syscall', pid: 1, nr: 'getpid' }, ...returnTo(1, 1),
    ]);
    const paperPath = new Set(['host.syscall.enter', 'host.ptrace.stop', 'vmm.rewrite', 'host.signal.deliver', 'host.signal.return', 'host.mm.protect', 'host.as.switch']);
    expect(trace.filter((e) => paperPath.has(e.type))).toEqual([]);
  });

  it('handles a fault: siginfo, then the stub records the fault and the page is mapped by a stub call in its own address space', () => {
    const trace = traceOf(memoryToucher(1, 1, 1));
    const fault = window(trace, (e) => e.type === 'guest.access' && e.outcome === 'fault', 18);
    const addr = 0x0804_8000;
    expect(fault).toEqual([
      { type: 'guest.access', pid: 1, addr, op: 'write', outcome: 'fault', mode: 'user' },
      { type: 'host.stub.stop', stub: 1, why: 'signal' }, regs(1, 'get', 'gpr'), regs(1, 'get', 'fp'), regs(1, 'get', 'other'), regs(1, 'get', 'fp'),
      { type: 'guest.fault', pid: 1, addr, op: 'write' },
      { type: 'host.stub.resume', stub: 1, how: 'cont' }, { type: 'host.stub.stop', stub: 1, why: 'signal' }, regs(1, 'set', 'fp'),
      regs(1, 'set', 'gpr'), { type: 'host.stub.resume', stub: 1, how: 'cont' },
      { type: 'host.mm.map', asid: 1, start: addr, pages: 1, prot: 'rw', filePage: 1 },
      { type: 'host.stub.stop', stub: 1, why: 'signal' }, ...returnTo(1, 1),
    ]);
    expect(trace.filter((e) => e.type === 'host.signal.send')).toEqual([]);
  });

  it('sends the timer signal to the running stub, which stops for it', () => {
    const trace = traceOf({ name: 'busy', programs: [[{ op: 'compute', cycles: 1500 }]] });
    expect(window(trace, (e) => e.type === 'host.signal.send', 9)).toEqual([
      { type: 'host.signal.send', sig: 'SIGALRM' }, { type: 'host.stub.stop', stub: 1, why: 'signal' }, regs(1, 'get', 'gpr'), regs(1, 'get', 'fp'),
      { type: 'guest.interrupt', irq: 'timer' }, ...returnTo(1, 1),
    ]);
  });

  it('takes a device signal while the guest idles in the VMM process itself: no stub stops, nothing is sent', () => {
    const trace = traceOf(diskReader(1));
    expect(window(trace, (e) => e.type === 'guest.idle', 6)).toEqual([
      { type: 'guest.idle' }, { type: 'guest.interrupt', irq: 'io' }, ...returnTo(1, 1),
    ]);
    expect(trace.filter((e) => e.type === 'host.signal.send' || e.type === 'vmm.start').map((e) => e.type)).toEqual(['vmm.start']);
  });

  it('resumes another, already stopped stub on a switch, loading its TLS base first', () => {
    const trace = traceOf(pipePingPong(3));
    const back = window(trace, (e) => e.type === 'guest.switch' && e.from === 2 && e.to === 1, 8);
    expect(back).toEqual([
      { type: 'guest.switch', from: 2, to: 1 }, { type: 'guest.return', pid: 1 },
      regs(1, 'set', 'gpr'), regs(1, 'set', 'other'), regs(1, 'get', 'gpr'), regs(1, 'set', 'gpr'), regs(1, 'set', 'fp'),
      { type: 'host.stub.resume', stub: 1, how: 'sysemu' },
    ]);
  });
});
