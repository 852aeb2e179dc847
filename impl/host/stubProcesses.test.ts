/**
 * The host's side of ptrace on stubs: numbered from 1, each with its own
 * address space; registers move and resumes happen only on a stopped stub;
 * the CPU runs one host process at a time (its address space is live).
 */
import { describe, expect, it } from 'vitest';
import { newCounters } from '../counters.ts';
import { Mmu } from '../mmu/mmu.ts';
import { PhysicalMemory } from '../mmu/physicalMemory.ts';
import { RecordingSink } from '../trace.ts';
import { HostKernel } from './hostKernel.ts';
import { StubProcesses, StubRequestError, VMM_ADDRESS_SPACE } from './stubProcesses.ts';

function machine() {
  const counters = newCounters();
  const sink = new RecordingSink();
  const host = new HostKernel(new Mmu(new PhysicalMemory()), sink, counters, { timerInterval: 1000, diskLatency: 300 });
  return { host, counters, sink, stubs: new StubProcesses(host.mm, sink, counters) };
}

describe('StubProcesses', () => {
  it('numbers stubs from 1 and switches the live address space with the CPU', () => {
    const { host, stubs, counters } = machine();
    expect([stubs.spawn(undefined), stubs.spawn(undefined)]).toEqual([1, 2]);
    stubs.resume(2, 'sysemu');
    expect(host.mm.liveAsid).toBe(2);
    expect(host.mmu.directory).toBe(host.mm.directory);
    expect(stubs.stop('syscall')).toBe(2);
    expect(host.mm.liveAsid).toBe(VMM_ADDRESS_SPACE);
    expect(counters).toMatchObject({ ptraceStops: 1, hostContextSwitches: 2 });
  });

  it('refuses requests on a stub that runs or does not exist, and a second running stub', () => {
    const { stubs } = machine();
    const a = stubs.spawn(undefined);
    const b = stubs.spawn(undefined);
    stubs.resume(a, 'sysemu');
    expect(() => stubs.regs(a, 'get', 'gpr')).toThrow(StubRequestError);
    expect(() => stubs.resume(b, 'sysemu')).toThrow(StubRequestError);
    expect(() => stubs.kill(a)).toThrow(StubRequestError);
    expect(() => stubs.regs(7, 'set', 'fp')).toThrow(StubRequestError);
    expect(() => stubs.spawn(b)).toThrow(StubRequestError);
  });

  it('counts register sets as transfers and small requests apart; a clone copies the running stub\'s mappings', () => {
    const { host, stubs, counters, sink } = machine();
    const parent = stubs.spawn(undefined);
    stubs.attach(parent);
    stubs.regs(parent, 'get', 'gpr');
    stubs.regs(parent, 'set', 'fp');
    stubs.regs(parent, 'get', 'other');
    stubs.resume(parent, 'cont');
    host.mmap(0x0804_8000, 1, 'rw', 5);
    const child = stubs.spawn(parent);
    stubs.stop('signal');
    const areas = [...host.mm.allDefinitions()].find(([asid]) => asid === child)![1].areas.list();
    expect(areas.map((a) => a.filePage)).toEqual([5]);
    stubs.kill(child);
    expect([...host.mm.allDefinitions()].map(([asid]) => asid)).toEqual([0, parent]);
    expect(counters).toMatchObject({ registerTransfers: 2, ptraceOtherRequests: 1, stubsCreated: 1, stubsKilled: 1 });
    expect(sink.events.map((e) => e.type)).toEqual([
      'host.stub.create', 'host.stub.regs', 'host.stub.regs', 'host.stub.regs', 'host.stub.resume', 'host.mm.map', 'host.stub.stop', 'host.stub.kill',
    ]);
  });
});
