/**
 * The integrity invariants: reachability is judged from segment limit, ring,
 * TLB, page table and host areas; every preset keeps every invariant on long
 * runs that reuse address spaces; a broken machine is caught at the checkpoint
 * where it breaks.
 */
import { describe, expect, it } from 'vitest';
import { PageDirectory } from '../mmu/pageDirectory.ts';
import { Mmu } from '../mmu/mmu.ts';
import { PhysicalMemory } from '../mmu/physicalMemory.ts';
import { makePte } from '../mmu/pte.ts';
import { runWorkload } from '../run/runWorkload.ts';
import { PRESET_VARIANTS } from '../vmm/variants.ts';
import { forkTree } from '../workloads/forkTree.ts';
import { pipePingPong } from '../workloads/pipePingPong.ts';
import { firstReachablePage } from './reachability.ts';

describe('firstReachablePage', () => {
  const directory = new PageDirectory();
  directory.tables[0x70000 >>> 10] = new Int32Array(1024);
  directory.setEntry(0x70001, makePte(3, true, false));
  const mmu = new Mmu(new PhysicalMemory(), directory);

  it('sees a supervisor page at ring 1, not at ring 3, and nothing past the segment limit', () => {
    mmu.ring = 3;
    expect(firstReachablePage(mmu, [], 0x70000)).toBeUndefined();
    mmu.ring = 1;
    expect(firstReachablePage(mmu, [], 0x70000)).toEqual({ page: 0x70001, by: 'page-table' });
    mmu.segmentLimit = 0x7000_0000;
    expect(firstReachablePage(mmu, [], 0x70000)).toBeUndefined();
    mmu.segmentLimit = 0x1_0000_0000;
  });

  it('sees a host area a fault would fill, and a TLB entry the table no longer has', () => {
    mmu.ring = 3;
    expect(firstReachablePage(mmu, [{ start: 0x70005, end: 0x70006, prot: 'r', filePage: 5 }], 0x70000)).toEqual({ page: 0x70005, by: 'host-area' });
    directory.setEntry(0x70002, makePte(4, false, true));
    expect(mmu.translate(0x7000_2000, false)).toBeGreaterThanOrEqual(0);
    directory.setEntry(0x70002, 0);
    expect(firstReachablePage(mmu, [], 0x70000)).toEqual({ page: 0x70002, by: 'tlb' });
    mmu.flushTlb();
    expect(firstReachablePage(mmu, [], 0x70000)).toBeUndefined();
  });
});

describe('the invariants on the presets', () => {
  it.each(Object.keys(PRESET_VARIANTS))('%s keeps every invariant while address spaces are reused', (variant) => {
    for (const workload of [forkTree(3), pipePingPong(5)]) {
      const result = runWorkload(workload, { variant, invariants: 'all', addressSpaces: 3 });
      expect(result.integrity.first).toEqual([]);
      expect(result.integrity.checks).toBeGreaterThan(10);
      expect(result.escapes).toEqual([]);
    }
  });

  it('finds a TLB the host forgot to flush at the next entry to user mode', () => {
    const result = runWorkload(pipePingPong(3), { variant: '+multi-as', invariants: 'all', bugs: { host: { switchWithoutFlush: true } } });
    expect(result.integrity.first[0]).toMatchObject({ invariant: 'live-space-owned', at: 'user-entry' });
  });
});
