/**
 * The IA-32-like memory management unit of the CPU the guest-machine process
 * runs on: the user code/data segment limit, the current privilege ring and
 * the live page directory (CR3). Every access goes segment check → page check
 * → frame, or yields a fault code; TLB flushes are counted where a CPU flushes.
 */
import type { Ring } from '../../spec/types.ts';
import { ADDRESS_SPACE_END } from './layout.ts';
import { PageDirectory } from './pageDirectory.ts';
import { PTE_PRESENT, PTE_USER, PTE_WRITABLE, PTE_FRAME_SHIFT } from './pte.ts';
import type { PhysicalMemory } from './physicalMemory.ts';

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
  /** TLB flushes so far (CR3 loads and explicit range flushes). */
  tlbFlushes = 0;

  constructor(readonly memory: PhysicalMemory, directory: PageDirectory = new PageDirectory()) {
    this.directory = directory;
  }

  /** Loads CR3: makes `directory` live, flushing the TLB. */
  loadDirectory(directory: PageDirectory): void {
    this.directory = directory;
    this.tlbFlushes++;
  }

  /** Flushes the TLB after page-table entries changed (munmap, mprotect). */
  flushTlb(): void {
    this.tlbFlushes++;
  }

  /**
   * Translates a word access at `addr` (aligned down to 4 bytes): the physical
   * word address, or a negative fault code.
   */
  translate(addr: number, write: boolean): number {
    const aligned = addr - (addr & 3);
    if (aligned + 4 > this.segmentLimit) return FAULT_SEGMENT;
    const table = this.directory.tables[aligned >>> 22];
    if (table === undefined) return FAULT_NOT_PRESENT;
    const pte = table[(aligned >>> 12) & 1023]!;
    if ((pte & PTE_PRESENT) === 0) return FAULT_NOT_PRESENT;
    if (this.ring === 3 && (pte & PTE_USER) === 0) return FAULT_PROTECTION;
    if (write && (pte & PTE_WRITABLE) === 0) return FAULT_PROTECTION;
    return ((pte >>> PTE_FRAME_SHIFT) << 10) | ((aligned & 4095) >>> 2);
  }
}
