/**
 * The memory map of the guest-machine host process: up to 1024 address-space
 * definitions (paper §4.3, `switch-guest`), each with its own guest-user areas
 * and page directory, all sharing the guest kernel's areas and page tables and
 * the host kernel's tables. mmap/munmap/mprotect change areas and present
 * entries; entries are filled lazily on host page faults, as Linux does.
 */
import type { Prot } from '../../spec/types.ts';
import type { MutableCounters } from '../counters.ts';
import { GUEST_KERNEL_BASE, GUEST_KERNEL_PDE, GUEST_USER_PAGES, HOST_KERNEL_BASE, PAGE_SHIFT, PAGE_SIZE } from '../mmu/layout.ts';
import type { Mmu } from '../mmu/mmu.ts';
import { ENTRIES, PageDirectory } from '../mmu/pageDirectory.ts';
import { makeProtNonePte, makePte, pteFrame, PTE_PRESENT } from '../mmu/pte.ts';
import { EINVAL } from './errno.ts';
import type { MemoryFile } from './memoryFile.ts';
import { VmaList } from './vmaList.ts';

/** At most this many address-space definitions per host process. */
export const MAX_ADDRESS_SPACES = 1024;

interface Definition {
  readonly directory: PageDirectory;
  readonly userAreas: VmaList;
}

/** The page-table entry a present page of an area with `prot` gets (0 for PROT_NONE). */
function pteFor(frame: number, prot: Prot): number {
  switch (prot) {
    case 'none':
      return makeProtNonePte(frame);
    case 'r':
      return makePte(frame, false, true);
    case 'rw':
      return makePte(frame, true, true);
    case 'rw-supervisor':
      return makePte(frame, true, false);
  }
}

/** The guest-machine process's address-space definitions. */
export class HostMm {
  private readonly definitions: (Definition | undefined)[] = [];
  private readonly kernelAreas = new VmaList();
  /** Page tables shared by every definition, by directory index (guest kernel and host kernel part). */
  private readonly sharedTables: (Int32Array | undefined)[];
  /** The live definition. */
  liveAsid = 0;

  constructor(
    private readonly mmu: Mmu,
    private readonly file: MemoryFile,
    hostKernelTables: readonly (Int32Array | undefined)[],
    private readonly counters: MutableCounters,
  ) {
    this.sharedTables = [...hostKernelTables];
    this.definitions[0] = this.newDefinition();
  }

  private newDefinition(): Definition {
    const directory = new PageDirectory();
    for (let pde = GUEST_KERNEL_PDE; pde < ENTRIES; pde++) directory.tables[pde] = this.sharedTables[pde];
    return { directory, userAreas: new VmaList() };
  }

  private get live(): Definition {
    return this.definitions[this.liveAsid]!;
  }

  /** The live page directory (what CR3 holds while this process runs). */
  get directory(): PageDirectory {
    return this.live.directory;
  }

  /** How many definitions exist. */
  get definitionCount(): number {
    return this.definitions.filter((d) => d !== undefined).length;
  }

  /** The areas covering `page`: the live definition's for guest user pages, the shared ones above. */
  private areasFor(page: number): VmaList {
    return page < GUEST_USER_PAGES ? this.live.userAreas : this.kernelAreas;
  }

  /** Checks a page range: aligned, non-empty, below the host kernel, not straddling the guest kernel base. */
  private rangeError(start: number, pages: number): boolean {
    const end = start + pages * PAGE_SIZE;
    return !Number.isInteger(start) || !Number.isInteger(pages) || pages <= 0 || start < 0 || start % PAGE_SIZE !== 0
      || end > HOST_KERNEL_BASE || (start < GUEST_KERNEL_BASE && end > GUEST_KERNEL_BASE);
  }

  /** mmap(MAP_FIXED | MAP_SHARED) of physical-memory-file pages from `filePage` at `start`. */
  mmap(start: number, pages: number, prot: Prot, filePage: number): number {
    if (this.rangeError(start, pages) || filePage < 0 || filePage + pages > this.file.pages) return EINVAL;
    const first = start >>> PAGE_SHIFT;
    this.clearEntries(first, pages);
    this.areasFor(first).insert(first, first + pages, prot, filePage);
    this.counters.pagesMapped += pages;
    this.counters.mmapCalls++;
    return 0;
  }

  /** munmap of `[start, start + pages*4096)`. */
  munmap(start: number, pages: number): number {
    if (this.rangeError(start, pages)) return EINVAL;
    const first = start >>> PAGE_SHIFT;
    this.areasFor(first).remove(first, first + pages);
    this.counters.presentPagesUnmapped += this.clearEntries(first, pages);
    this.counters.pagesUnmapped += pages;
    this.counters.munmapCalls++;
    this.mmu.flushTlb();
    return 0;
  }

  /** mprotect of `[start, start + pages*4096)`. */
  mprotect(start: number, pages: number, prot: Prot): number {
    if (this.rangeError(start, pages)) return EINVAL;
    const first = start >>> PAGE_SHIFT;
    this.areasFor(first).protect(first, first + pages, prot);
    let present = 0;
    // Linux keeps a PROT_NONE page's frame in its entry, so every switch walks (and rewrites) the kernel's whole working set.
    this.live.directory.forEachMapped(first, pages, (_page, pte, table, index) => {
      table[index] = pteFor(pteFrame(pte), prot);
      present++;
    });
    this.counters.pagesProtected += pages;
    this.counters.presentPagesProtected += present;
    this.counters.mprotectCalls++;
    this.mmu.flushTlb();
    return 0;
  }

  /** `switch-guest`: makes definition `asid` live (creating it empty the first time); only CR3 changes. */
  switchGuest(asid: number): number {
    if (!Number.isInteger(asid) || asid < 0 || asid >= MAX_ADDRESS_SPACES) return EINVAL;
    this.definitions[asid] ??= this.newDefinition();
    this.liveAsid = asid;
    this.mmu.loadDirectory(this.live.directory);
    return 0;
  }

  /** Clears the present entries of a page range; returns how many there were. */
  private clearEntries(first: number, pages: number): number {
    let present = 0;
    this.live.directory.forEachMapped(first, pages, (_page, _pte, table, index) => {
      table[index] = 0;
      present++;
    });
    return present;
  }

  /**
   * The host page-fault handler for a not-present entry: if an area allows the
   * access at `ring`, fill the entry from the file and return true (retry);
   * otherwise return false (the process gets SIGSEGV).
   */
  handlePageFault(addr: number, write: boolean, ring: number): boolean {
    const page = Math.floor(addr / PAGE_SIZE);
    if (addr >= HOST_KERNEL_BASE) return false;
    const area = this.areasFor(page).find(page);
    if (area === undefined || area.prot === 'none') return false;
    if (area.prot === 'rw-supervisor' && ring === 3) return false;
    if (area.prot === 'r' && write) return false;
    const directory = this.live.directory;
    if ((directory.entry(page) & PTE_PRESENT) !== 0) return false;
    this.ensureTable(page >>> 10);
    directory.setEntry(page, pteFor(this.file.frameOf(area.filePage + (page - area.start)), area.prot));
    this.counters.hostMinorFaults++;
    return true;
  }

  private ensureTable(pde: number): void {
    if (this.live.directory.tables[pde] !== undefined) return;
    const table = new Int32Array(ENTRIES);
    if (pde < GUEST_KERNEL_PDE) {
      this.live.directory.tables[pde] = table;
      return;
    }
    this.sharedTables[pde] = table;
    for (const definition of this.definitions) if (definition) definition.directory.tables[pde] = table;
  }
}
