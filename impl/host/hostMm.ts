/**
 * The memory map of the guest-machine host process: up to 1024 address-space
 * definitions (paper §4.3, `switch-guest`), each with its own areas and page
 * tables below the host kernel; only the host kernel's own tables are shared.
 * The host knows nothing of the guest's layout: it refuses only ranges that
 * reach into its own region, and a new definition starts as a copy of the
 * areas of the one that created it (as fork copies them); emptying what the
 * new owner must not see is the VMM's job. mmap/munmap/mprotect change areas
 * and present entries and flush the TLB; entries are filled lazily on host
 * page faults, as Linux does.
 */
import type { Prot } from '../../spec/types.ts';
import type { MutableCounters } from '../counters.ts';
import { HOST_KERNEL_BASE, PAGE_SHIFT, PAGE_SIZE } from '../mmu/layout.ts';
import { FAULT_NOT_PRESENT, type Mmu } from '../mmu/mmu.ts';
import { ENTRIES, PageDirectory } from '../mmu/pageDirectory.ts';
import { makeProtNonePte, makePte, pteFrame, PTE_PRESENT } from '../mmu/pte.ts';
import { EINVAL } from './errno.ts';
import type { MemoryFile } from './memoryFile.ts';
import { VmaList } from './vmaList.ts';

/** At most this many address-space definitions per host process. */
export const MAX_ADDRESS_SPACES = 1024;
/** Directory index of the first host kernel page table (what every definition shares). */
const HOST_KERNEL_PDE = HOST_KERNEL_BASE >>> 22;

/** One address-space definition: its page directory and its areas. */
export interface Definition {
  readonly directory: PageDirectory;
  readonly areas: VmaList;
}

/** Host bugs a mutant may inject (the host's own paths, not the VMM's). */
export interface HostMmBugs {
  /** mprotect rewrites entries without flushing the TLB. */
  readonly protectWithoutFlush?: boolean;
  /** munmap clears entries without flushing the TLB. */
  readonly unmapWithoutFlush?: boolean;
  /** switch-guest loads the new directory without the TLB flush a CR3 load implies (an untagged TLB keeps the old entries). */
  readonly switchWithoutFlush?: boolean;
}

/** The page-table entry a present page of an area with `prot` gets. */
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
  /** Page tables shared by every definition, by directory index (the host kernel part). */
  private readonly sharedTables: readonly (Int32Array | undefined)[];
  /** The live definition. */
  liveAsid = 0;

  constructor(
    private readonly mmu: Mmu,
    private readonly file: MemoryFile,
    hostKernelTables: readonly (Int32Array | undefined)[],
    private readonly counters: MutableCounters,
    private readonly bugs: HostMmBugs = {},
  ) {
    this.sharedTables = [...hostKernelTables];
    this.definitions[0] = this.newDefinition(undefined);
  }

  private newDefinition(from: Definition | undefined): Definition {
    const directory = new PageDirectory();
    for (let pde = HOST_KERNEL_PDE; pde < ENTRIES; pde++) directory.tables[pde] = this.sharedTables[pde];
    const areas = new VmaList();
    for (const area of from?.areas.list() ?? []) areas.insert(area.start, area.end, area.prot, area.filePage);
    return { directory, areas };
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

  /** Every definition that exists, with its asid (for integrity checks). */
  *allDefinitions(): Iterable<readonly [number, Definition]> {
    for (let asid = 0; asid < this.definitions.length; asid++) {
      const definition = this.definitions[asid];
      if (definition !== undefined) yield [asid, definition];
    }
  }

  /** The host's own check of a page range: aligned, non-empty, below the host kernel. It knows no guest layout. */
  private rangeError(start: number, pages: number): boolean {
    const end = start + pages * PAGE_SIZE;
    return !Number.isInteger(start) || !Number.isInteger(pages) || pages <= 0 || start < 0 || start % PAGE_SIZE !== 0 || end > HOST_KERNEL_BASE;
  }

  /** mmap(MAP_FIXED | MAP_SHARED) of physical-memory-file pages from `filePage` at `start`. */
  mmap(start: number, pages: number, prot: Prot, filePage: number): number {
    if (this.rangeError(start, pages) || filePage < 0 || filePage + pages > this.file.pages) return EINVAL;
    const first = start >>> PAGE_SHIFT;
    const replaced = this.clearEntries(first, pages);
    this.live.areas.insert(first, first + pages, prot, filePage);
    this.counters.pagesMapped += pages;
    this.counters.mmapCalls++;
    if (replaced > 0) this.mmu.flushTlb();
    return 0;
  }

  /** munmap of `[start, start + pages*4096)`. */
  munmap(start: number, pages: number): number {
    if (this.rangeError(start, pages)) return EINVAL;
    const first = start >>> PAGE_SHIFT;
    this.live.areas.remove(first, first + pages);
    this.counters.presentPagesUnmapped += this.clearEntries(first, pages);
    this.counters.pagesUnmapped += pages;
    this.counters.munmapCalls++;
    if (this.bugs.unmapWithoutFlush !== true) this.mmu.flushTlb();
    return 0;
  }

  /** mprotect of `[start, start + pages*4096)`. */
  mprotect(start: number, pages: number, prot: Prot): number {
    if (this.rangeError(start, pages)) return EINVAL;
    const first = start >>> PAGE_SHIFT;
    this.live.areas.protect(first, first + pages, prot);
    let present = 0;
    // Linux keeps a PROT_NONE page's frame in its entry, so every switch walks (and rewrites) the kernel's whole working set.
    this.live.directory.forEachMapped(first, pages, (_page, pte, table, index) => {
      table[index] = pteFor(pteFrame(pte), prot);
      present++;
    });
    this.counters.pagesProtected += pages;
    this.counters.presentPagesProtected += present;
    this.counters.mprotectCalls++;
    if (this.bugs.protectWithoutFlush !== true) this.mmu.flushTlb();
    return 0;
  }

  /** `switch-guest`: makes definition `asid` live (creating it, as a copy of the live one's areas, the first time); only CR3 changes. */
  switchGuest(asid: number): number {
    if (!Number.isInteger(asid) || asid < 0 || asid >= MAX_ADDRESS_SPACES) return EINVAL;
    this.definitions[asid] ??= this.newDefinition(this.live);
    this.liveAsid = asid;
    if (this.bugs.switchWithoutFlush === true) this.mmu.directory = this.live.directory;
    else this.mmu.loadDirectory(this.live.directory);
    return 0;
  }

  /** Address space `asid` of a new host process (a stub): a copy of `from`'s areas (a clone without CLONE_VM), or empty. */
  createSpace(asid: number, from: number | undefined): void {
    if (this.definitions[asid] !== undefined) throw new Error(`host address space ${asid} exists already`);
    this.definitions[asid] = this.newDefinition(from === undefined ? undefined : this.definitions[from]);
  }

  /** The host process owning `asid` is gone, and its address space with it. */
  dropSpace(asid: number): void {
    if (asid === this.liveAsid) throw new Error(`host address space ${asid} is live`);
    this.definitions[asid] = undefined;
  }

  /** The CPU switches to the host process owning `asid`: its page directory is loaded (CR3). */
  enter(asid: number): void {
    const definition = this.definitions[asid];
    if (definition === undefined) throw new Error(`no host address space ${asid}`);
    this.liveAsid = asid;
    this.mmu.loadDirectory(definition.directory);
  }

  /** Clears the present (and PROT_NONE) entries of a page range; returns how many there were. */
  private clearEntries(first: number, pages: number): number {
    let present = 0;
    this.live.directory.forEachMapped(first, pages, (_page, _pte, table, index) => {
      table[index] = 0;
      present++;
    });
    return present;
  }

  /** The live definition (for integrity checks). */
  get liveDefinition(): Definition {
    return this.live;
  }

  /**
   * `addr` through the MMU at its current ring, as the CPU reaches it: a not-present entry this host maps lazily is
   * filled first (see {@link handlePageFault}) and the access retried. The frame address, or the MMU's negative fault.
   */
  translate(addr: number, write: boolean): number {
    const mmu = this.mmu;
    const pa = mmu.translate(addr, write);
    return pa === FAULT_NOT_PRESENT && this.handlePageFault(addr, write, mmu.ring) ? mmu.translate(addr, write) : pa;
  }

  /**
   * The host page-fault handler for a not-present entry: if an area allows the
   * access at `ring`, fill the entry from the file and return true (retry);
   * otherwise return false (the process gets SIGSEGV).
   */
  handlePageFault(addr: number, write: boolean, ring: number): boolean {
    const page = Math.floor(addr / PAGE_SIZE);
    if (addr >= HOST_KERNEL_BASE) return false;
    const area = this.live.areas.find(page);
    if (area === undefined || area.prot === 'none') return false;
    if (area.prot === 'rw-supervisor' && ring === 3) return false;
    if (area.prot === 'r' && write) return false;
    const directory = this.live.directory;
    if ((directory.entry(page) & PTE_PRESENT) !== 0) return false;
    directory.tables[page >>> 10] ??= new Int32Array(ENTRIES);
    directory.setEntry(page, pteFor(this.file.frameOf(area.filePage + (page - area.start)), area.prot));
    this.counters.hostMinorFaults++;
    return true;
  }
}
