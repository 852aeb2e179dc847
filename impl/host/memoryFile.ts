/**
 * The host file that backs the guest's "physical memory" (paper §3): page `g`
 * of the file is guest physical frame `g`. Its pages live in the host's page
 * cache, taking a host frame the first time they are touched.
 */
import type { PhysicalMemory } from '../mmu/physicalMemory.ts';

/** The physical-memory file and its page cache. */
export class MemoryFile {
  private readonly cache = new Map<number, number>();

  constructor(private readonly memory: PhysicalMemory, readonly pages: number) {}

  /** The host frame caching file page `page`, reading it in (zeroed) on first use. */
  frameOf(page: number): number {
    let frame = this.cache.get(page);
    if (frame === undefined) {
      frame = this.memory.allocate();
      this.cache.set(page, frame);
    }
    return frame;
  }

  /** The host frame caching file page `page`, or undefined when it was never read in (no side effect). */
  cachedFrameOf(page: number): number | undefined {
    return this.cache.get(page);
  }

  /** File pages currently in the page cache. */
  get cachedPages(): number {
    return this.cache.size;
  }
}
