/**
 * The host kernel's mediation hooks: a ptrace stop is stop, switch to the
 * tracer, the tracer's work, resume, switch back; a tracer or module can deny
 * a syscall (EPERM, no effect); a module can absorb one at entry; signals are
 * held while a handler runs and delivered after sigreturn.
 */
import { describe, expect, it } from 'vitest';
import type { SpecEvent } from '../../spec/types.ts';
import { newCounters } from '../counters.ts';
import { Mmu } from '../mmu/mmu.ts';
import { PhysicalMemory } from '../mmu/physicalMemory.ts';
import { RecordingSink } from '../trace.ts';
import { EPERM } from './errno.ts';
import { GUEST_MACHINE_PID, HostKernel } from './hostKernel.ts';

function host() {
  const sink = new RecordingSink();
  const counters = newCounters();
  const kernel = new HostKernel(new Mmu(new PhysicalMemory()), sink, counters, { timerInterval: 100, diskLatency: 10 });
  return { kernel, sink, counters };
}

const types = (events: readonly SpecEvent[]) => events.map((e) => (e.type === 'host.ptrace.stop' ? `stop:${e.at}` : e.type));

describe('HostKernel', () => {
  it('stops a traced syscall at entry and exit, switching to the tracer and back each time', () => {
    const { kernel, sink, counters } = host();
    kernel.attachTracer({ syscallEnter: () => undefined, syscallExit: () => undefined, signalStop: () => 'forward' });
    expect(kernel.syscall({ nr: 'getpid', args: { kind: 'none' } })).toBe(GUEST_MACHINE_PID);
    expect(types(sink.events)).toEqual([
      'host.syscall.enter', 'stop:enter', 'host.ctxswitch', 'host.ptrace.resume', 'host.ctxswitch',
      'host.syscall.exit', 'stop:exit', 'host.ctxswitch', 'host.ptrace.resume', 'host.ctxswitch',
    ]);
    expect([counters.hostContextSwitches, counters.ptraceStops, kernel.mmu.tlbFlushes]).toEqual([4, 2, 4]);
  });

  it('fails a denied syscall with EPERM and without its effect', () => {
    const { kernel, counters } = host();
    kernel.attachTracer({ syscallEnter: (frame) => void (frame.denied = true), syscallExit: () => undefined, signalStop: () => 'forward' });
    expect(kernel.syscall({ nr: 'mmap', args: { kind: 'range', start: 0x1000, pages: 1, prot: 'rw', filePage: 0 } })).toBe(EPERM);
    expect(counters.pagesMapped).toBe(0);
    expect(counters.vmmDenials).toBe(1);
  });

  it('lets a module absorb a syscall at entry: no exit, no context switch', () => {
    const { kernel, sink } = host();
    kernel.loadModule({ syscallEnter: () => 'absorb', signalDelivery: () => undefined });
    expect(kernel.syscall({ nr: 'write', args: { kind: 'none' } })).toBeUndefined();
    expect(types(sink.events)).toEqual(['host.syscall.enter']);
  });

  it('holds signals while a handler runs and delivers the next one after sigreturn', () => {
    const { kernel } = host();
    const seen: string[] = [];
    kernel.loadModule({ syscallEnter: () => 'continue', signalDelivery: () => undefined });
    kernel.setSignalHandler((sig) => {
      seen.push(sig);
      kernel.deliverPendingSignals();
      kernel.syscall({ nr: 'sigreturn', args: { kind: 'none' } });
    });
    kernel.raiseSignal('SIGALRM', { kind: 'timer' });
    kernel.raiseSignal('SIGIO', { kind: 'io', offset: 0, data: [] });
    kernel.deliverPendingSignals();
    expect(seen).toEqual(['SIGALRM', 'SIGIO']);
    expect(kernel.inHandler).toBe(false);
  });
});
