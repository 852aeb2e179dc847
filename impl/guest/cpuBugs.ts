/**
 * Mistakes of the guest's CPU that no guest instruction can see (issue 24,
 * pinned properties): speculative accesses. Their values never reach a
 * register, so the guest's observations and the page tables stay right; only
 * the hardware's record of the accesses that succeeded shows them, which is
 * what the isolation property reads.
 */
import { PAGE_SHIFT, PAGE_SIZE } from '../mmu/layout.ts';

/** CPU mistakes of one run (default none). */
export interface CpuBugs {
  /** After a user load, the next-page prefetcher reads the following page without a permission check. */
  readonly prefetchNextPage?: boolean;
  /** A one-entry translation cache, not flushed on a guest switch, is read speculatively before the TLB lookup. */
  readonly staleLineBuffer?: boolean;
  /** A user syscall trap lets one speculative load of the word below the trapping instruction's stack top through. */
  readonly speculatesPastTrap?: boolean;
}

/** The speculative side of one run's CPU: what it touched besides what the program asked for. */
export class Speculation {
  private lastPage = -1;
  private lastFrame = -1;
  constructor(readonly bugs: CpuBugs) {}

  /** The address the prefetcher touches after a user load at `addr`, if it does. */
  prefetched(addr: number): number | undefined {
    const next = addr + PAGE_SIZE;
    return this.bugs.prefetchNextPage === true && next < 2 ** 32 ? next : undefined;
  }

  /** The frame a stale line buffer gives for `addr` (before the real lookup), then remembers `frame` for it. */
  staleFrame(addr: number, frame: number): number | undefined {
    if (this.bugs.staleLineBuffer !== true) return undefined;
    const page = addr >>> PAGE_SHIFT;
    const stale = page === this.lastPage && frame !== this.lastFrame ? this.lastFrame : undefined;
    this.lastPage = page;
    this.lastFrame = frame;
    return stale;
  }
}
