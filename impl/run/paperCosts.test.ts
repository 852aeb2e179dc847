/**
 * The paper's cost claims as counts (§4): one null guest syscall under
 * umlinux takes the 8-step path (getpid rewrite, SIGUSR1, two mprotects,
 * 7 ptrace stops, 14 host context switches); the kernel module removes the
 * context switches; segment bounds remove the protection calls; multi-as
 * makes guest context switches without mmap/munmap.
 */
import { describe, expect, it } from 'vitest';
import type { Counters } from '../counters.ts';
import { nullSyscallLoop } from '../workloads/nullSyscallLoop.ts';
import { pipePingPong } from '../workloads/pipePingPong.ts';
import { runWorkload } from './runWorkload.ts';

/** The counters one extra null syscall adds. */
function perNullSyscall(variant: string): { readonly ctx: number; readonly stops: number; readonly syscalls: Record<string, number>; readonly signals: Record<string, number>; readonly protectedPages: number } {
  const one = runWorkload(nullSyscallLoop(1), { variant }).counters;
  const two = runWorkload(nullSyscallLoop(2), { variant }).counters;
  const diff = (a: Counters['hostSyscalls'] | Counters['signals'], b: typeof a): Record<string, number> =>
    Object.fromEntries(Object.entries(b).map(([k, v]) => [k, (v ?? 0) - ((a as Record<string, number>)[k] ?? 0)]).filter(([, v]) => v !== 0));
  return {
    ctx: two.hostContextSwitches - one.hostContextSwitches,
    stops: two.ptraceStops - one.ptraceStops,
    syscalls: diff(one.hostSyscalls, two.hostSyscalls),
    signals: diff(one.signals, two.signals),
    protectedPages: two.pagesProtected - one.pagesProtected,
  };
}

describe('a null guest syscall', () => {
  it('under umlinux: getpid rewrite, SIGUSR1, two mprotects of the whole guest kernel region, 7 stops, 14 host switches', () => {
    expect(perNullSyscall('umlinux')).toEqual({
      ctx: 14, stops: 7, syscalls: { getpid: 1, mprotect: 2, sigreturn: 1 }, signals: { SIGUSR1: 1 }, protectedPages: 2 * 0x50000,
    });
  });

  it('under +kernel-module: no host context switch, no ptrace stop; the module lifts, the guest kernel re-protects', () => {
    expect(perNullSyscall('+kernel-module')).toEqual({
      ctx: 0, stops: 0, syscalls: { getpid: 1, mprotect: 1, sigreturn: 1 }, signals: { SIGUSR1: 1 }, protectedPages: 2 * 0x50000,
    });
  });

  it('under +segment-bounds and +multi-as: no protection work at all', () => {
    for (const preset of ['+segment-bounds', '+multi-as']) {
      expect(perNullSyscall(preset)).toEqual({ ctx: 0, stops: 0, syscalls: { getpid: 1, sigreturn: 1 }, signals: { SIGUSR1: 1 }, protectedPages: 0 });
    }
  });

  it('traces the rewrite to getpid under ptrace-process and the interception under kernel-module', () => {
    const ptrace = runWorkload(nullSyscallLoop(1), { variant: 'umlinux', trace: true }).trace;
    expect(ptrace).toContainEqual({ type: 'vmm.rewrite', from: 'getpid', to: 'getpid' });
    const module = runWorkload(nullSyscallLoop(1), { variant: '+kernel-module', trace: true }).trace;
    expect(module).toContainEqual({ type: 'vmm.intercept', nr: 'getpid' });
    expect(module.some((e) => e.type === 'host.ctxswitch')).toBe(false);
  });
});

describe('guest context switches', () => {
  it('under multi-as need switch-guest only: mmap/munmap do not grow with the number of switches', () => {
    const few = runWorkload(pipePingPong(10), { variant: '+multi-as' }).counters;
    const many = runWorkload(pipePingPong(20), { variant: '+multi-as' }).counters;
    expect(many.guestContextSwitches).toBeGreaterThan(few.guestContextSwitches);
    expect(many.hostSyscalls.mmap).toBe(few.hostSyscalls.mmap);
    expect(many.hostSyscalls.munmap ?? 0).toBe(few.hostSyscalls.munmap ?? 0);
    expect((many.hostSyscalls['switch-guest'] ?? 0) - (few.hostSyscalls['switch-guest'] ?? 0)).toBe(many.guestContextSwitches - few.guestContextSwitches);
  });

  it('under multi-as put no mapping event between switch-guest and the guest switch, but the emptying of a new definition', () => {
    const trace = runWorkload(pipePingPong(3), { variant: '+multi-as', trace: true }).trace;
    const emptied = new Set<number>();
    trace.forEach((event, i) => {
      if (event.type !== 'host.as.switch') return;
      const upTo = trace.findIndex((e, j) => j > i && e.type === 'guest.switch');
      const mapping = trace.slice(i, upTo).filter((e) => e.type === 'host.mm.map' || e.type === 'host.mm.unmap' || e.type === 'host.mm.protect');
      if (mapping.length === 0) return;
      expect(mapping).toEqual([{ type: 'host.mm.unmap', asid: event.asid, start: 0, pages: 0x70000 }]);
      expect(emptied.has(event.asid)).toBe(false);
      emptied.add(event.asid);
    });
    expect(emptied.size).toBe(1);
  });

  it('under remap unmap the guest user region on every switch', () => {
    const counters = runWorkload(pipePingPong(10), { variant: '+segment-bounds' }).counters;
    expect(counters.hostSyscalls.munmap).toBe(counters.guestContextSwitches);
    expect(counters.pagesUnmapped).toBe(counters.guestContextSwitches * 0x70000);
  });
});
