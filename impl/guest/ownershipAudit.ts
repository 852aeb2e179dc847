/**
 * Cross-process isolation, audited from the hardware's side: every successful
 * guest user access used a host frame (the MMU's translation); it must be the
 * frame of the page the *current* process's guest page table maps there. A
 * stale host mapping left from another guest process (a remap that unmapped
 * too little, a switch-guest that left the old table live) shows up here.
 * The live page table is also read whenever a process is about to run: every
 * present guest user entry must map one of that process's own pages, whether
 * or not the process goes on to touch it.
 */
import type { MemoryFile } from '../host/memoryFile.ts';
import { GUEST_USER_PAGES } from '../mmu/layout.ts';
import type { PageDirectory } from '../mmu/pageDirectory.ts';
import { pteFrame } from '../mmu/pte.ts';
import type { GuestProcess } from './guestProcess.ts';

/** One user access that reached a frame its process does not own. */
export interface CrossProcessAccess {
  readonly pid: number;
  readonly addr: number;
  /** The host frame the MMU used. */
  readonly frame: number;
  /** The guest process whose page that frame holds, if any. */
  readonly owner: number | undefined;
}

/** How many violations to keep (the count goes on). */
const KEPT = 8;

/** Checks successful user accesses against the guest kernel's page tables. */
export class OwnershipAudit {
  readonly violations: CrossProcessAccess[] = [];
  count = 0;

  constructor(
    private readonly file: MemoryFile,
    private readonly processes: () => Iterable<GuestProcess>,
  ) {}

  /** Records a violation when `frame` is not the frame `process` maps at `addr`. */
  check(process: GuestProcess, addr: number, frame: number): void {
    const page = process.pageTable.get(addr >>> 12);
    if (page !== undefined && this.file.cachedFrameOf(page) === frame) return;
    this.count++;
    if (this.violations.length < KEPT) this.violations.push({ pid: process.pid, addr, frame, owner: this.ownerOf(frame) });
  }

  /** Records a violation for each present guest user entry of `live` that does not map `process`'s own page there. */
  checkLiveTable(process: GuestProcess, live: PageDirectory): void {
    live.forEachPresent(0, GUEST_USER_PAGES, (page, pte) => this.check(process, page * 0x1000, pteFrame(pte)));
  }

  private ownerOf(frame: number): number | undefined {
    for (const p of this.processes()) {
      for (const page of p.pageTable.values()) if (this.file.cachedFrameOf(page) === frame) return p.pid;
    }
    return undefined;
  }
}
