/**
 * A guest process as the UMLinux guest kernel keeps it: its execution context
 * (the saved user registers), its page table over guest physical memory, its
 * program break, file descriptors, signal dispositions and state.
 */
import type { GuestCall, GuestSignal, Op } from './isa.ts';
import type { Pipe } from './pipe.ts';
import { areaEnd, imageAreaAt, mappedProt, type ImageArea, type ProcessImage, type VmArea } from './processImage.ts';

/** Where a process stands in its code: program counter and the loop counters of the loops it is in. */
export interface Context {
  readonly code: readonly Op[];
  pc: number;
  readonly loops: number[];
  /** True for a signal handler's code (its end is a sigreturn, not an exit). */
  readonly handler: boolean;
}

/** An open file: the console, the disk, or one end of a pipe. */
export type OpenFile =
  | { readonly kind: 'console' }
  | { readonly kind: 'disk' }
  | { readonly kind: 'pipe-read'; readonly pipe: Pipe }
  | { readonly kind: 'pipe-write'; readonly pipe: Pipe };

/** What a blocked process waits for. */
export type WaitReason = 'pipe-read' | 'pipe-write' | 'disk' | 'child';

/** Lifecycle of a guest process. */
export type ProcessState =
  | { readonly kind: 'runnable' }
  | { readonly kind: 'blocked'; readonly on: WaitReason }
  | { readonly kind: 'zombie'; readonly status: number }
  | { readonly kind: 'reaped' };

/** The guest kernel's limit on processes alive at once (the same in every variant). */
export const MAX_GUEST_PROCESSES = 64;
/** First address of the heap (the program break starts above it). */
export const HEAP_BASE = 0x0804_8000;
/** The heap may not grow past this. */
export const HEAP_LIMIT = 0x4000_0000;
/** Initial heap size in pages. */
export const INITIAL_HEAP_PAGES = 16;
/** The stack area: the top 16 pages of the guest user region. */
export const STACK_BASE = 0x6fff_0000;
/** End of the stack area (the guest kernel region starts here). */
export const STACK_END = 0x7000_0000;

/**
 * Words of each process's stack that hold a secret in noninterference runs:
 * its own memory, which no generated program touches, so any observation of
 * it anywhere is a leak.
 */
export const SECRET_WINDOW = STACK_BASE + 0x400;
/** Words in the secret window. */
export const SECRET_WINDOW_WORDS = 16;

/** A guest process. */
export class GuestProcess {
  state: ProcessState = { kind: 'runnable' };
  /** Guest virtual page → guest physical frame. */
  readonly pageTable = new Map<number, number>();
  brk = HEAP_BASE + INITIAL_HEAP_PAGES * 0x1000;
  readonly files: (OpenFile | undefined)[];
  readonly handlers = new Map<'SIGSEGV' | 'SIGUSR1', readonly Op[]>();
  readonly pendingSignals: GuestSignal[] = [];
  /** Contexts saved while signal handlers run. */
  readonly savedContexts: Context[] = [];
  /** Words the disk delivered for this process's outstanding read. */
  diskData: readonly number[] | undefined;
  diskRequested = false;
  diskOffset = 0;
  /** Real skas0: the syscall this process blocked in, and in which context (woken, it finishes the call in kernel mode). */
  blockedIn: { readonly context: Context; readonly call: GuestCall } | undefined = undefined;

  /** The code area instructions are fetched from, when the process has an image. */
  readonly codeArea: ImageArea | undefined;

  constructor(
    readonly pid: number, public parent: number, public context: Context, files: readonly (OpenFile | undefined)[],
    /** Its program image (an `execve`'s areas besides heap and stack), if it runs a real program's. */
    readonly image: ProcessImage | undefined = undefined,
  ) {
    this.files = [...files];
    this.codeArea = image === undefined ? undefined : imageAreaAt(image, image.entry);
  }

  /** True when `addr` lies in an area this process may use (its image's areas, the heap up to the break, or the stack). */
  validAddress(addr: number): boolean {
    return (addr >= HEAP_BASE && addr < this.brk) || (addr >= STACK_BASE && addr < STACK_END)
      || (this.image !== undefined && imageAreaAt(this.image, addr) !== undefined);
  }

  /** True when `addr` lies in an area this process may write (a valid one, not a read-only area of its image). */
  writableAddress(addr: number): boolean {
    return this.validAddress(addr) && this.pageProt(addr) === 'rw';
  }

  /** How a page of this process at `addr` is mapped: read-only in a read-only area of its image, else read-write. */
  pageProt(addr: number): 'r' | 'rw' {
    const area = this.image === undefined ? undefined : imageAreaAt(this.image, addr);
    return area === undefined ? 'rw' : mappedProt(area);
  }

  /** Its areas in address order (the VMAs a kernel walks): the image's, the heap, the stack. */
  areas(): readonly VmArea[] {
    const own: VmArea[] = [{ start: HEAP_BASE, end: this.brk, prot: 'rw' }, { start: STACK_BASE, end: STACK_END, prot: 'rw' }];
    const image = (this.image?.areas ?? []).map((a): VmArea => ({ start: a.start, end: areaEnd(a), prot: mappedProt(a) }));
    return [...image, ...own].sort((a, b) => a.start - b.start);
  }

  get alive(): boolean {
    return this.state.kind === 'runnable' || this.state.kind === 'blocked';
  }
}
