/**
 * The guest kernel's view of its physical memory (paper §3): frame `g` of the
 * physical-memory file is reachable at guest kernel address 0x70000000 + g·4 KiB.
 * Every access goes through the MMU at the guest kernel's current ring and
 * segment limit, so a VMM that left the region unreachable makes the guest
 * kernel oops instead of silently working. Also the guest frame allocator and
 * the copies between guest processes' memory and the kernel.
 */
import type { HostMm } from '../host/hostMm.ts';
import type { MemoryFile } from '../host/memoryFile.ts';
import type { AccessLedger } from '../mmu/accessLedger.ts';
import { GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, PAGE_SHIFT, PAGE_SIZE } from '../mmu/layout.ts';
import { FAULT_NOT_PRESENT, type Mmu } from '../mmu/mmu.ts';
import type { GuestProcess } from './guestProcess.ts';

/** The guest kernel touched its own region and the MMU refused: a VMM bug the kernel cannot survive. */
export class KernelOops extends Error {
  constructor(readonly addr: number, readonly write: boolean) {
    super(`guest kernel oops: ${write ? 'write' : 'read'} at 0x${addr.toString(16)} faulted`);
  }
}

/** Frame 0 holds the guest kernel's entry counter; frames below the kernel's data size are its data, processes get the rest. */
export const KERNEL_DATA_FRAME = 0;

/** Guest physical memory, frames and user copies. */
export class GuestMemory {
  private readonly free: number[] = [];
  private nextFresh: number;

  constructor(
    private readonly mmu: Mmu,
    private readonly mm: HostMm,
    private readonly ledger: AccessLedger,
    private readonly file: MemoryFile,
    /** Frames of guest kernel data (image, tables, buffers), all touched at boot: what every mprotect of the region walks. */
    private readonly kernelDataPages = 1,
  ) {
    this.nextFresh = Math.max(1, kernelDataPages);
  }

  /** Boot: the guest kernel touches all of its data once, so its pages are present in the host's page table. */
  touchAllKernelData(): void {
    for (let frame = 0; frame < this.kernelDataPages; frame++) this.frameWords(frame, true);
  }

  /** The words of guest frame `frame`, reached through the guest kernel region (throws KernelOops). */
  frameWords(frame: number, write: boolean): Int32Array {
    const va = GUEST_KERNEL_BASE + frame * PAGE_SIZE;
    let pa = this.mmu.translate(va, write);
    if (pa === FAULT_NOT_PRESENT && this.mm.handlePageFault(va, write, this.mmu.ring)) pa = this.mmu.translate(va, write);
    if (pa < 0) throw new KernelOops(va, write);
    this.ledger.record(1, va);
    return this.mmu.memory.frames[pa >>> 10]!;
  }

  /** Reads and bumps the guest kernel's entry counter (each kernel entry touches its own data). */
  touchKernelData(): void {
    const words = this.frameWords(KERNEL_DATA_FRAME, true);
    words[0] = (words[0]! + 1) | 0;
  }

  /** A zeroed guest frame. */
  allocate(): number {
    const frame = this.free.pop() ?? this.nextFresh++;
    if (frame >= GUEST_KERNEL_PAGES) throw new Error('guest out of physical memory');
    this.frameWords(frame, true).fill(0);
    return frame;
  }

  /** Returns a frame. */
  release(frame: number): void {
    this.free.push(frame);
  }

  /** The frame behind `addr` in `process`, allocating a zeroed one for a valid, untouched page; undefined when invalid. */
  userFrame(process: GuestProcess, addr: number): number | undefined {
    if (!process.validAddress(addr)) return undefined;
    const page = Math.floor(addr / PAGE_SIZE);
    let frame = process.pageTable.get(page);
    if (frame === undefined) {
      frame = this.allocate();
      process.pageTable.set(page, frame);
    }
    return frame;
  }

  /** True when all `count` words from `addr` lie in valid areas of `process`. */
  validRange(process: GuestProcess, addr: number, count: number): boolean {
    for (let i = 0; i < count; i++) if (!process.validAddress(addr + 4 * i)) return false;
    return true;
  }

  /** copy_from_user: `count` words from `addr`, or undefined (EFAULT). */
  copyFromUser(process: GuestProcess, addr: number, count: number): number[] | undefined {
    if (!this.validRange(process, addr, count)) return undefined;
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const a = addr + 4 * i;
      out.push(this.frameWords(this.userFrame(process, a)!, false)[(a & (PAGE_SIZE - 1)) >>> 2]!);
    }
    return out;
  }

  /** copy_to_user: false (EFAULT) when the range is not valid. */
  copyToUser(process: GuestProcess, addr: number, words: readonly number[]): boolean {
    if (!this.validRange(process, addr, words.length)) return false;
    words.forEach((word, i) => {
      const a = addr + 4 * i;
      this.frameWords(this.userFrame(process, a)!, true)[(a & (PAGE_SIZE - 1)) >>> 2] = word;
    });
    return true;
  }

  /** Copies every page of `from` into fresh frames of `to` (fork). */
  copyAddressSpace(from: GuestProcess, to: GuestProcess): void {
    for (const [page, frame] of from.pageTable) {
      const copy = this.allocate();
      this.frameWords(copy, true).set(this.frameWords(frame, false));
      to.pageTable.set(page, copy);
    }
  }

  /** Frees every page of `process`. */
  releaseAll(process: GuestProcess): void {
    for (const frame of process.pageTable.values()) this.release(frame);
    process.pageTable.clear();
  }

  /**
   * The non-zero words of `process`, as [address, value] in address order. An
   * observer's view: it reads the file's pages directly, not through the MMU.
   */
  snapshot(process: GuestProcess): [number, number][] {
    const out: [number, number][] = [];
    for (const page of [...process.pageTable.keys()].sort((a, b) => a - b)) {
      const words = this.mmu.memory.frames[this.file.frameOf(process.pageTable.get(page)!)]!;
      words.forEach((value, i) => {
        if (value !== 0) out.push([(page << PAGE_SHIFT) + 4 * i, value]);
      });
    }
    return out;
  }
}
