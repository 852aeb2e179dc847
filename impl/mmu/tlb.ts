/**
 * A direct-mapped translation lookaside buffer: 64 slots, each caching one
 * present page-table entry with its virtual page and the tag of the directory
 * it was read from. Only present entries are cached (as on IA-32); a flush
 * empties every slot.
 */

/** Slots in the TLB. */
export const TLB_SLOTS = 64;

/** Cached translations. */
export class Tlb {
  private readonly pages = new Int32Array(TLB_SLOTS).fill(-1);
  private readonly tags = new Int32Array(TLB_SLOTS);
  private readonly entries = new Int32Array(TLB_SLOTS);

  /** The cached entry for `page` under `tag`, or 0 when none is cached. */
  lookup(page: number, tag: number): number {
    const slot = page & (TLB_SLOTS - 1);
    return this.pages[slot] === page && this.tags[slot] === tag ? this.entries[slot]! : 0;
  }

  /** Caches the present entry `pte` of `page` under `tag`. */
  fill(page: number, tag: number, pte: number): void {
    const slot = page & (TLB_SLOTS - 1);
    this.pages[slot] = page;
    this.tags[slot] = tag;
    this.entries[slot] = pte;
  }

  /** Empties every slot. */
  flush(): void {
    this.pages.fill(-1);
  }

  /** Calls `visit(page, pte)` for each cached entry under `tag`. */
  forEach(tag: number, visit: (page: number, pte: number) => void): void {
    for (let slot = 0; slot < TLB_SLOTS; slot++) {
      const page = this.pages[slot]!;
      if (page >= 0 && this.tags[slot] === tag) visit(page, this.entries[slot]!);
    }
  }
}
