/**
 * The IA-32-like memory management unit of the CPU the guest-machine process
 * runs on: the user code/data segment limit, the current privilege ring, the
 * live page directory (CR3) and a TLB of cached translations. Every access goes
 * segment check → TLB or page walk → frame, or yields a fault code. As on a
 * real CPU the TLB is flushed only when told (a CR3 load, an explicit flush):
 * a page-table change without a flush leaves the old translation in use.
 */
import type { Ring } from '../../spec/types.ts';
import { ADDRESS_SPACE_END } from './layout.ts';
import { PageDirectory } from './pageDirectory.ts';
import { PTE_PRESENT, PTE_USER, PTE_WRITABLE, PTE_FRAME_SHIFT } from './pte.ts';
import type { PhysicalMemory } from './physicalMemory.ts';
import { Tlb } from './tlb.ts';

/** The access crossed the segment limit (#GP). */
export const FAULT_SEGMENT = -1;
/** No present page-table entry (#PF, not present). */
export const FAULT_NOT_PRESENT = -2;
/** Present, but the ring or the access kind is not allowed (#PF, protection). */
export const FAULT_PROTECTION = -3;

/** Why an access failed. */
export type FaultCode = typeof FAULT_SEGMENT | typeof FAULT_NOT_PRESENT | typeof FAULT_PROTECTION;

/** The MMU state of the one CPU. */
export class Mmu {
  /** Exclusive upper bound of the user code/data segments (base 0). */
  segmentLimit = ADDRESS_SPACE_END;
  /** Current privilege level of the running code. */
  ring: Ring = 3;
  /** The live first-level page table. */
  directory: PageDirectory;
  /** TLB flushes so far (CR3 loads and explicit flushes). */
  tlbFlushes = 0;
  /** Cached translations. */
  readonly tlb = new Tlb();
  /**
   * When true, TLB entries are tagged with their directory (PCID-like): a CR3
   * load switches tags instead of flushing. Off by default (IA-32 of the paper).
   */
  tagged = false;

  constructor(readonly memory: PhysicalMemory, directory: PageDirectory = new PageDirectory()) {
    this.directory = directory;
  }

  /** Loads CR3: makes `directory` live, flushing the TLB (or switching tags when tagged). */
  loadDirectory(directory: PageDirectory): void {
    this.directory = directory;
    if (this.tagged) return;
    this.flushTlb();
  }

  /** Flushes the whole TLB after page-table entries changed (munmap, mprotect, a remapping mmap). */
  flushTlb(): void {
    this.tlb.flush();
    this.tlbFlushes++;
  }

  /** The tag live TLB entries carry: the directory's when tagged, else one tag for all (an untagged TLB). */
  get tlbTag(): number {
    return this.tagged ? this.directory.tag : 0;
  }

  /** The TLB tag entries filled under `directory` carry. */
  tagOf(directory: PageDirectory): number {
    return this.tagged ? directory.tag : 0;
  }

  /**
   * Translates a word access at `addr` (aligned down to 4 bytes): the physical
   * word address, or a negative fault code.
   */
  translate(addr: number, write: boolean): number {
    const aligned = addr - (addr & 3);
    if (aligned + 4 > this.segmentLimit) return FAULT_SEGMENT;
    const page = aligned >>> 12;
    const tag = this.tagged ? this.directory.tag : 0;
    let pte = this.tlb.lookup(page, tag);
    if (pte === 0) {
      const table = this.directory.tables[aligned >>> 22];
      if (table === undefined) return FAULT_NOT_PRESENT;
      pte = table[page & 1023]!;
      if ((pte & PTE_PRESENT) === 0) return FAULT_NOT_PRESENT;
      this.tlb.fill(page, tag, pte);
    }
    if (this.ring === 3 && (pte & PTE_USER) === 0) return FAULT_PROTECTION;
    if (write && (pte & PTE_WRITABLE) === 0) return FAULT_PROTECTION;
    return ((pte >>> PTE_FRAME_SHIFT) << 10) | ((aligned & 4095) >>> 2);
  }
}
