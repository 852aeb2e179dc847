/**
 * An IA-32 two-level page table: a directory of 1024 slots, each pointing at
 * a table of 1024 entries (or nothing). Tables can be shared between
 * directories, as Linux shares the kernel's tables among all address spaces.
 */
import { pteFrame, PTE_PRESENT, PTE_PROTNONE } from './pte.ts';

/** Entries per page table and slots per directory. */
export const ENTRIES = 1024;

/** One first-level page table (what CR3 points at). */
export class PageDirectory {
  private static nextTag = 1;
  /** A tag unique to this directory (what a tagged TLB files its entries under). */
  readonly tag = PageDirectory.nextTag++ & 0x7fff_ffff;
  /** Second-level tables by directory index; `undefined` is a non-present directory entry. */
  readonly tables: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(ENTRIES).fill(undefined);

  /** The entry for virtual page `page` (0 when absent). */
  entry(page: number): number {
    const table = this.tables[page >>> 10];
    return table === undefined ? 0 : table[page & 1023]!;
  }

  /** Sets the entry of virtual page `page`; the table must exist. */
  setEntry(page: number, pte: number): void {
    const table = this.tables[page >>> 10];
    if (table === undefined) throw new Error(`no page table for page 0x${page.toString(16)}`);
    table[page & 1023] = pte;
  }

  /**
   * Calls `visit(page, pte)` for each present entry in `[startPage, startPage + pages)`,
   * skipping missing tables, so the work grows with the present entries only.
   */
  forEachPresent(startPage: number, pages: number, visit: (page: number, pte: number, table: Int32Array, index: number) => void): void {
    this.forEachMatching(startPage, pages, PTE_PRESENT, visit);
  }

  /** Like `forEachPresent`, but also visits PROT_NONE entries that keep a frame (what mprotect and munmap walk). */
  forEachMapped(startPage: number, pages: number, visit: (page: number, pte: number, table: Int32Array, index: number) => void): void {
    this.forEachMatching(startPage, pages, PTE_PRESENT | PTE_PROTNONE, visit);
  }

  private forEachMatching(startPage: number, pages: number, bits: number, visit: (page: number, pte: number, table: Int32Array, index: number) => void): void {
    const end = startPage + pages;
    let page = startPage;
    while (page < end) {
      const table = this.tables[page >>> 10];
      const tableEnd = Math.min(end, ((page >>> 10) + 1) * ENTRIES);
      if (table !== undefined) {
        for (; page < tableEnd; page++) {
          const pte = table[page & 1023]!;
          if ((pte & bits) !== 0) visit(page, pte, table, page & 1023);
        }
      }
      page = tableEnd;
    }
  }

  /** The frames of the present entries in a page range (for tests and inspection). */
  framesIn(startPage: number, pages: number): number[] {
    const frames: number[] = [];
    this.forEachPresent(startPage, pages, (_page, pte) => frames.push(pteFrame(pte)));
    return frames;
  }
}
