/**
 * The guest-machine process's memory map: entries filled lazily from areas,
 * mprotect and munmap take effect on present entries and flush the TLB, and
 * switch-guest keeps one definition per guest process, each with its own
 * guest kernel part (a new one starts as a copy of the live one's areas).
 */
import { describe, expect, it } from 'vitest';
import { newCounters } from '../counters.ts';
import { Mmu, FAULT_NOT_PRESENT } from '../mmu/mmu.ts';
import { PhysicalMemory } from '../mmu/physicalMemory.ts';
import { MAX_ADDRESS_SPACES, HostMm } from './hostMm.ts';
import { MemoryFile } from './memoryFile.ts';

function setup() {
  const memory = new PhysicalMemory();
  const mmu = new Mmu(memory);
  const counters = newCounters();
  const mm = new HostMm(mmu, new MemoryFile(memory, 0x50000), [], counters);
  mmu.directory = mm.directory;
  return { mmu, mm, counters };
}

describe('HostMm', () => {
  it('fills an entry on the first access to a mapped page, then translates without faults', () => {
    const { mmu, mm, counters } = setup();
    expect(mm.mmap(0x1000_0000, 1, 'rw', 7)).toBe(0);
    expect(mmu.translate(0x1000_0000, true)).toBe(FAULT_NOT_PRESENT);
    expect(mm.handlePageFault(0x1000_0000, true, 3)).toBe(true);
    expect(mmu.translate(0x1000_0000, true)).toBeGreaterThanOrEqual(0);
    expect(counters.hostMinorFaults).toBe(1);
  });

  it('translates as the CPU reaches memory: a lazily mapped entry filled and the access retried, a forbidden one a fault', () => {
    const { mmu, mm, counters } = setup();
    mm.mmap(0x1000_0000, 1, 'r', 7);
    const pa = mm.translate(0x1000_0000, false);
    expect(pa).toBeGreaterThanOrEqual(0);
    expect(mmu.translate(0x1000_0000, false)).toBe(pa);
    expect(counters.hostMinorFaults).toBe(1);
    expect(mm.translate(0x1000_0000, true)).toBeLessThan(0);
    expect(mm.translate(0x2000_0000, false)).toBe(FAULT_NOT_PRESENT);
    expect(counters.hostMinorFaults).toBe(1);
  });

  it('makes PROT_NONE pages fault for good and counts the range as protected pages', () => {
    const { mmu, mm, counters } = setup();
    mm.mmap(0x7000_0000, 0x50000, 'rw', 0);
    mm.handlePageFault(0x7000_0000, false, 3);
    mm.mprotect(0x7000_0000, 0x50000, 'none');
    expect(mmu.translate(0x7000_0000, false)).toBe(FAULT_NOT_PRESENT);
    expect(mm.handlePageFault(0x7000_0000, false, 3)).toBe(false);
    expect(counters.pagesProtected).toBe(0x50000);
  });

  it('refuses ranges that reach its own region, and knows nothing of the guest layout', () => {
    const { mm } = setup();
    expect(mm.mmap(0xbfff_f000, 2, 'rw', 0)).toBeLessThan(0);
    expect(mm.munmap(0x6fff_f000, 2)).toBe(0);
  });

  it('keeps a definition per address space, a new one starting as a copy of the live one, protected on its own', () => {
    const { mmu, mm } = setup();
    mm.mmap(0x7000_0000, 16, 'rw', 0);
    mm.mmap(0x1000, 1, 'rw', 3);
    mm.handlePageFault(0x1000, false, 3);
    mm.handlePageFault(0x7000_0000, false, 3);
    expect(mm.switchGuest(5)).toBe(0);
    expect(mmu.translate(0x1000, false)).toBe(FAULT_NOT_PRESENT);
    expect(mm.handlePageFault(0x1000, false, 3)).toBe(true);
    expect(mm.munmap(0, 0x70000)).toBe(0);
    expect(mm.handlePageFault(0x1000, false, 3)).toBe(false);
    expect(mm.handlePageFault(0x7000_0000, false, 3)).toBe(true);
    mm.mprotect(0x7000_0000, 16, 'none');
    expect(mmu.translate(0x7000_0000, false)).toBe(FAULT_NOT_PRESENT);
    expect(mm.switchGuest(0)).toBe(0);
    expect(mmu.translate(0x1000, false)).toBeGreaterThanOrEqual(0);
    expect(mmu.translate(0x7000_0000, false)).toBeGreaterThanOrEqual(0);
    expect(mm.switchGuest(MAX_ADDRESS_SPACES)).toBeLessThan(0);
    expect(mm.switchGuest(-1)).toBeLessThan(0);
  });

  it('flushes the TLB on munmap and mprotect; without the flush the old translation stays in use', () => {
    const { mmu, mm } = setup();
    mm.mmap(0x1000, 1, 'rw', 3);
    mm.handlePageFault(0x1000, false, 3);
    expect(mmu.translate(0x1000, false)).toBeGreaterThanOrEqual(0);
    mm.mprotect(0x1000, 1, 'none');
    expect(mmu.translate(0x1000, false)).toBe(FAULT_NOT_PRESENT);
    const memory = new PhysicalMemory();
    const stale = new Mmu(memory);
    const buggy = new HostMm(stale, new MemoryFile(memory, 16), [], newCounters(), { protectWithoutFlush: true });
    stale.directory = buggy.directory;
    buggy.mmap(0x1000, 1, 'rw', 3);
    buggy.handlePageFault(0x1000, false, 3);
    expect(stale.translate(0x1000, false)).toBeGreaterThanOrEqual(0);
    buggy.mprotect(0x1000, 1, 'none');
    expect(stale.translate(0x1000, false)).toBeGreaterThanOrEqual(0);
  });
});
