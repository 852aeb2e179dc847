/**
 * Cross-process integrity of one address-space definition: every guest user
 * page its process can reach from user mode (a present user entry, a cached
 * TLB entry, a host area that a fault would fill) holds a frame the owning
 * guest process owns, by the guest kernel's own page table of that process.
 * Supervisor-only mappings (a VMM's stub) are the kernel's, not the process's.
 */
import type { Definition } from '../host/hostMm.ts';
import type { MemoryFile } from '../host/memoryFile.ts';
import type { GuestProcess } from '../guest/guestProcess.ts';
import { GUEST_USER_PAGES } from '../mmu/layout.ts';
import type { Tlb } from '../mmu/tlb.ts';
import { pteFrame, PTE_USER } from '../mmu/pte.ts';

/** A user page of a definition that reaches a frame its owner does not own. */
export interface ForeignPage {
  readonly page: number;
  readonly by: 'tlb' | 'page-table' | 'host-area';
  /** The guest frame (file page) reached, when known. */
  readonly guestFrame: number | undefined;
}

/** The guest frames (file pages) `process` owns. */
function ownedGuestFrames(process: GuestProcess): Set<number> {
  return new Set(process.pageTable.values());
}

/** The first user page of `definition` (with the TLB's entries under `tlb.tag`, when given) that reaches past `owner`'s frames. */
export function firstForeignPage(
  definition: Definition,
  owner: GuestProcess,
  file: MemoryFile,
  tlb: { readonly entries: Tlb; readonly tag: number } | undefined,
): ForeignPage | undefined {
  const owned = ownedGuestFrames(owner);
  const hostFrames = new Map<number, number>();
  for (const guestFrame of owned) {
    const host = file.cachedFrameOf(guestFrame);
    if (host !== undefined) hostFrames.set(host, guestFrame);
  }
  for (const area of definition.areas.list()) {
    if (area.start >= GUEST_USER_PAGES) break;
    if (area.prot === 'none' || area.prot === 'rw-supervisor') continue;
    const end = Math.min(area.end, GUEST_USER_PAGES);
    for (let page = area.start; page < end; page++) {
      const guestFrame = area.filePage + (page - area.start);
      if (!owned.has(guestFrame)) return { page, by: 'host-area', guestFrame };
    }
  }
  let found: ForeignPage | undefined;
  const judge = (page: number, pte: number, by: 'tlb' | 'page-table') => {
    if (found !== undefined || page >= GUEST_USER_PAGES || (pte & PTE_USER) === 0 || hostFrames.has(pteFrame(pte))) return;
    found = { page, by, guestFrame: undefined };
  };
  tlb?.entries.forEach(tlb.tag, (page, pte) => judge(page, pte, 'tlb'));
  definition.directory.forEachPresent(0, GUEST_USER_PAGES, (page, pte) => judge(page, pte, 'page-table'));
  return found;
}
