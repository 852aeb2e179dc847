/**
 * What the CPU can reach right now, judged from the machine's state rather
 * than from accesses a workload happened to make: the segment limit bounds the
 * addresses, and a page is reachable at the current ring when a cached TLB
 * entry, a present page-table entry or a host area (filled on the next host
 * page fault) allows it. Shared by the integrity invariants.
 */
import type { Vma } from '../host/vmaList.ts';
import { ADDRESS_SPACE_END, HOST_KERNEL_BASE, PAGE_SHIFT } from '../mmu/layout.ts';
import type { Mmu } from '../mmu/mmu.ts';
import { PTE_USER } from '../mmu/pte.ts';

/** How a reachable page is reached. */
export type ReachedBy = 'tlb' | 'page-table' | 'host-area';

/** A page reachable from the current CPU state. */
export interface ReachablePage {
  readonly page: number;
  readonly by: ReachedBy;
}

const ALL_PAGES = ADDRESS_SPACE_END / 0x1000;

function entryAllows(pte: number, ring: number): boolean {
  return ring < 3 || (pte & PTE_USER) !== 0;
}

function areaAllows(area: Vma, ring: number): boolean {
  return area.prot === 'r' || area.prot === 'rw' || (area.prot === 'rw-supervisor' && ring < 3);
}

/**
 * The first page at or above `fromPage` that the CPU can reach at its current
 * ring and segment limit through the TLB, the live page table or the live
 * definition's areas; undefined when none is.
 */
export function firstReachablePage(mmu: Mmu, areas: readonly Vma[], fromPage: number): ReachablePage | undefined {
  const limitPage = Math.min(ALL_PAGES, Math.floor(mmu.segmentLimit / 0x1000));
  if (limitPage <= fromPage) return undefined;
  const ring = mmu.ring;
  let found: ReachablePage | undefined;
  const keep = (page: number, by: ReachedBy) => {
    if (found === undefined || page < found.page) found = { page, by };
  };
  mmu.tlb.forEach(mmu.tlbTag, (page, pte) => {
    if (page >= fromPage && page < limitPage && entryAllows(pte, ring)) keep(page, 'tlb');
  });
  mmu.directory.forEachPresent(fromPage, limitPage - fromPage, (page, pte) => {
    if (found === undefined && entryAllows(pte, ring)) keep(page, 'page-table');
  });
  const hostPage = HOST_KERNEL_BASE >>> PAGE_SHIFT;
  for (const area of areas) {
    const start = Math.max(area.start, fromPage);
    if (start < Math.min(area.end, limitPage, hostPage) && areaAllows(area, ring)) keep(start, 'host-area');
  }
  return found;
}

/**
 * True when some page in `[fromPage, toPage)` is reachable at the CPU's current
 * ring and segment limit (TLB, live page table or host areas); stops at the
 * first one, for checks made after every event.
 */
export function anyReachable(mmu: Mmu, areas: readonly Vma[], fromPage: number, toPage: number): boolean {
  const end = Math.min(toPage, ALL_PAGES, Math.floor(mmu.segmentLimit / 0x1000));
  if (end <= fromPage) return false;
  const ring = mmu.ring;
  for (const area of areas) {
    if (area.end > fromPage && area.start < end && areaAllows(area, ring)) return true;
  }
  let hit = false;
  mmu.tlb.forEach(mmu.tlbTag, (page, pte) => {
    if (page >= fromPage && page < end && entryAllows(pte, ring)) hit = true;
  });
  if (hit) return true;
  const tables = mmu.directory.tables;
  for (let pde = fromPage >>> 10; pde <= (end - 1) >>> 10; pde++) {
    const table = tables[pde];
    if (table === undefined) continue;
    const first = Math.max(fromPage, pde << 10) & 1023;
    const last = Math.min(end - (pde << 10), 1024);
    for (let i = first; i < last; i++) {
      const pte = table[i]!;
      if ((pte & 1) !== 0 && (ring < 3 || (pte & PTE_USER) !== 0)) return true;
    }
  }
  return false;
}
