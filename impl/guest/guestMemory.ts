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
import type { Mmu } from '../mmu/mmu.ts';
import { SECRET_WINDOW, SECRET_WINDOW_WORDS, type GuestProcess } from './guestProcess.ts';
import { copiedAtFork, imageAreaAt } from './processImage.ts';

/** The guest kernel touched its own region and the MMU refused: a VMM bug the kernel cannot survive. */
export class KernelOops extends Error {
  constructor(readonly addr: number, readonly write: boolean) {
    super(`guest kernel oops: ${write ? 'write' : 'read'} at 0x${addr.toString(16)} faulted`);
  }
}

/** Frame 0 holds the guest kernel's entry counter; frames below the kernel's data size are its data, processes get the rest. */
export const KERNEL_DATA_FRAME = 0;

/** Guest kernel bugs a mutant injects (default none). */
export interface GuestMemoryBugs {
  /** copy_from_user skips access_ok: a pointer above guest user space is followed through the kernel's own mapping. */
  readonly copyInUnchecked?: boolean;
  /** copy_to_user skips access_ok, likewise. */
  readonly copyOutUnchecked?: boolean;
  /** A reused frame is handed out without being zeroed. */
  readonly noZeroing?: boolean;
}

/** The secret contents a run starts with (noninterference varies them between two runs). */
export function secretWord(secret: number, frame: number, word: number): number {
  return (Math.imul(secret ^ 0x9e37_79b9, 0x85eb_ca6b) + Math.imul(frame + 1, 0xc2b2_ae35) + word * 2654435761) | 1;
}

/** Guest physical memory, frames and user copies. */
export class GuestMemory {
  private readonly free: number[] = [];
  private nextFresh: number;
  /** Words moved between user memory and the kernel by copy_from_user / copy_to_user. */
  wordsMoved = 0;

  constructor(
    private readonly mmu: Mmu,
    private readonly mm: HostMm,
    private readonly ledger: AccessLedger,
    private readonly file: MemoryFile,
    /** Frames of guest kernel data (image, tables, buffers), all touched at boot: what every mprotect of the region walks. */
    private readonly kernelDataPages = 1,
    private readonly bugs: GuestMemoryBugs = {},
    /** When set, kernel data and freed frames hold contents derived from it (what no guest process may ever see). */
    private readonly secret: number | undefined = undefined,
  ) {
    this.nextFresh = Math.max(1, kernelDataPages);
  }

  /** Boot: the guest kernel touches all of its data once, so its pages are present in the host's page table. */
  touchAllKernelData(): void {
    for (let frame = 0; frame < this.kernelDataPages; frame++) {
      const words = this.frameWords(frame, true);
      // Word 0 of frame 0 is the entry counter; the rest is the kernel's private data.
      if (this.secret !== undefined) for (let i = frame === KERNEL_DATA_FRAME ? 1 : 0; i < words.length; i++) words[i] = secretWord(this.secret, frame, i);
    }
  }

  /** The words of guest frame `frame`, reached through the guest kernel region (throws KernelOops). */
  frameWords(frame: number, write: boolean): Int32Array {
    const va = GUEST_KERNEL_BASE + frame * PAGE_SIZE;
    const pa = this.mm.translate(va, write);
    if (pa < 0) throw new KernelOops(va, write);
    this.ledger.record(1, va);
    return this.mmu.memory.frames[pa >>> 10]!;
  }

  /** A new process: with a secret set, its secret window holds that secret (no guest code ever touches it). */
  processStarted(process: GuestProcess): void {
    if (this.secret === undefined) return;
    for (let i = 0; i < SECRET_WINDOW_WORDS; i++) {
      const a = SECRET_WINDOW + 4 * i;
      this.frameWords(this.userFrame(process, a)!, true)[(a & (PAGE_SIZE - 1)) >>> 2] = secretWord(this.secret, -process.pid, i);
    }
  }

  /** Reads and bumps the guest kernel's entry counter (each kernel entry touches its own data). */
  touchKernelData(): void {
    const words = this.frameWords(KERNEL_DATA_FRAME, true);
    words[0] = (words[0]! + 1) | 0;
  }

  /** A zeroed guest frame. */
  allocate(): number {
    const reused = this.free.pop();
    const frame = reused ?? this.nextFresh++;
    if (frame >= GUEST_KERNEL_PAGES) throw new Error('guest out of physical memory');
    const words = this.frameWords(frame, true);
    if (reused === undefined || this.bugs.noZeroing !== true) words.fill(0);
    return frame;
  }

  /** Returns a frame (with a secret set, what its previous owner left in it becomes that secret). */
  release(frame: number): void {
    if (this.secret !== undefined) {
      const words = this.frameWords(frame, true);
      for (let i = 0; i < words.length; i++) words[i] = secretWord(this.secret, frame, i);
    }
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

  /**
   * True when all `count` words from `addr` may be copied for `process`: the
   * range lies below the guest kernel region (access_ok) and in its valid areas.
   */
  validRange(process: GuestProcess, addr: number, count: number, direction: 'in' | 'out'): boolean {
    const checked = (direction === 'in' ? this.bugs.copyInUnchecked : this.bugs.copyOutUnchecked) !== true;
    if (checked && count > 0 && (addr < 0 || addr + 4 * count > GUEST_KERNEL_BASE)) return false;
    for (let i = 0; i < count; i++) {
      const a = addr + 4 * i;
      if (a < GUEST_KERNEL_BASE && !(direction === 'out' ? process.writableAddress(a) : process.validAddress(a))) return false;
    }
    return true;
  }

  /**
   * The words and index of the word at `a` as the guest kernel reaches it: a
   * user address through the process's frame, anything above through the
   * kernel's own mapping at its current ring and segment limit (UMLinux's
   * kernel shares the host process's address space). Undefined when it faults.
   */
  private wordAt(process: GuestProcess, a: number, write: boolean): readonly [Int32Array, number] | undefined {
    if (a < GUEST_KERNEL_BASE) return [this.frameWords(this.userFrame(process, a)!, write), (a & (PAGE_SIZE - 1)) >>> 2];
    const pa = this.mm.translate(a, write);
    if (pa < 0) return undefined;
    this.ledger.record(1, a);
    return [this.mmu.memory.frames[pa >>> 10]!, pa & 1023];
  }

  /** copy_from_user: `count` words from `addr`, or undefined (EFAULT). */
  copyFromUser(process: GuestProcess, addr: number, count: number): number[] | undefined {
    if (!this.validRange(process, addr, count, 'in')) return undefined;
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = this.wordAt(process, addr + 4 * i, false);
      if (at === undefined) return undefined;
      out.push(at[0][at[1]]!);
    }
    this.wordsMoved += count;
    return out;
  }

  /** copy_to_user: false (EFAULT) when the range is not valid. */
  copyToUser(process: GuestProcess, addr: number, words: readonly number[]): boolean {
    if (!this.validRange(process, addr, words.length, 'out')) return false;
    for (let i = 0; i < words.length; i++) {
      const at = this.wordAt(process, addr + 4 * i, true);
      if (at === undefined) return false;
      at[0][at[1]] = words[i]!;
      this.wordsMoved++;
    }
    return true;
  }

  /** Copies the pages of `from` into fresh frames of `to` (fork): all but those of its image's areas fork does not copy. */
  copyAddressSpace(from: GuestProcess, to: GuestProcess): void {
    for (const [page, frame] of from.pageTable) {
      const area = from.image === undefined ? undefined : imageAreaAt(from.image, page * PAGE_SIZE);
      if (area !== undefined && !copiedAtFork(area)) continue;
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
