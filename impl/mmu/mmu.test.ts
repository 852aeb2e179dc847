/**
 * The MMU's checks, in hardware order: segment limit, then present, user and
 * writable bits at the current ring; TLB flushes counted on CR3 loads.
 */
import { describe, expect, it } from 'vitest';
import { FAULT_NOT_PRESENT, FAULT_PROTECTION, FAULT_SEGMENT, Mmu } from './mmu.ts';
import { PageDirectory } from './pageDirectory.ts';
import { PhysicalMemory } from './physicalMemory.ts';
import { makePte } from './pte.ts';

function mmuWith(entries: readonly (readonly [number, number])[]): Mmu {
  const directory = new PageDirectory();
  for (const [page, pte] of entries) {
    directory.tables[page >>> 10] ??= new Int32Array(1024);
    directory.setEntry(page, pte);
  }
  return new Mmu(new PhysicalMemory(), directory);
}

describe('Mmu.translate', () => {
  const userPage = 0x6ffff;
  const kernelPage = 0x70000;
  const mmu = mmuWith([[userPage, makePte(5, true, true)], [kernelPage, makePte(6, true, false)], [0x70001, makePte(7, false, true)]]);

  it('maps a present user page to its frame and word', () => {
    expect(mmu.translate(0x6ffff_008, false)).toBe(5 * 1024 + 2);
  });

  it('refuses the first word past the segment limit, accepts the last word below it', () => {
    mmu.segmentLimit = 0x7000_0000;
    expect(mmu.translate(0x6fff_fffc, true)).toBe(5 * 1024 + 1023);
    expect(mmu.translate(0x7000_0000, false)).toBe(FAULT_SEGMENT);
    mmu.segmentLimit = 0x1_0000_0000;
  });

  it('refuses a supervisor page at ring 3 and allows it at ring 1', () => {
    mmu.ring = 3;
    expect(mmu.translate(0x7000_0000, false)).toBe(FAULT_PROTECTION);
    mmu.ring = 1;
    expect(mmu.translate(0x7000_0000, false)).toBe(6 * 1024);
    mmu.ring = 3;
  });

  it('refuses writes to read-only pages and accesses to absent ones', () => {
    expect(mmu.translate(0x7000_1000, false)).toBe(7 * 1024);
    expect(mmu.translate(0x7000_1000, true)).toBe(FAULT_PROTECTION);
    expect(mmu.translate(0x1234_5000, false)).toBe(FAULT_NOT_PRESENT);
  });

  it('counts a TLB flush per CR3 load and per explicit flush', () => {
    const before = mmu.tlbFlushes;
    mmu.loadDirectory(new PageDirectory());
    mmu.flushTlb();
    expect(mmu.tlbFlushes - before).toBe(2);
    expect(mmu.translate(0x6ffff_008, false)).toBe(FAULT_NOT_PRESENT);
  });
});
