/**
 * A process of the ideal machine (issue 24): flat memory (a word per
 * aligned address, zero until written, no pages, no frames), the areas it
 * may use (heap below its break, stack, and the areas of the program image it
 * runs: readable, writable where `rw`), its open files, signal handlers and
 * where it stands in its code. How it waits, exits and is collected is the
 * machine's business (idealMachine.ts, idealSyscalls.ts).
 */
import type { GuestSignal, Program } from '../../impl/guest/isa.ts';
import type { ProcessImage } from '../../impl/guest/processImage.ts';
import { HEAP_BASE, INITIAL_BREAK, PAGE, STACK_BASE, STACK_END } from './idealConstants.ts';
import type { Position } from './idealProgram.ts';

/** A pipe: the words in it. Who holds its ends is read off the processes' files, not counted. */
export interface IdealPipe {
  readonly words: number[];
}

/** An open file. */
export type IdealFile =
  | { readonly kind: 'console' }
  | { readonly kind: 'disk' }
  | { readonly kind: 'pipe-read'; readonly pipe: IdealPipe }
  | { readonly kind: 'pipe-write'; readonly pipe: IdealPipe };

/**
 * What a waiting process waits for. Pipe waits are on any pipe (a woken process retries its call and may wait
 * again), as a kernel with one wait queue per kind does: which processes are ready must match the emulator's,
 * since its recorded schedule may pick any of them.
 */
export type IdealWait = 'pipe-data' | 'pipe-room' | 'disk' | 'child';

/** Ready to run, waiting, or exited and not yet collected by its parent. */
export type IdealPhase = { readonly is: 'ready' } | { readonly is: 'waiting'; readonly for: IdealWait } | { readonly is: 'exited' };

/** A process of the ideal machine. */
export class IdealProcess {
  phase: IdealPhase = { is: 'ready' };
  /** Aligned address → word; an absent word is zero. */
  memory = new Map<number, number>();
  brk = INITIAL_BREAK;
  readonly handlers = new Map<GuestSignal, Program>();
  readonly pending: GuestSignal[] = [];
  /** Positions interrupted by the signal handlers now running, innermost last. */
  readonly interrupted: Position[] = [];
  /** The disk: words delivered for the outstanding read, whether one is outstanding, and where the next read starts. */
  diskArrived: readonly number[] | undefined = undefined;
  diskAsked = false;
  diskAt = 0;

  constructor(
    readonly pid: number, public parent: number, public position: Position, public files: (IdealFile | undefined)[],
    /** The program image it runs (a child runs its parent's), if any: its areas are readable, writable where `rw`. */
    readonly image?: ProcessImage,
  ) {}

  get alive(): boolean {
    return this.phase.is !== 'exited';
  }

  /** The protection of the image area holding `addr`, if one does. */
  private imageProt(addr: number): string | undefined {
    return this.image?.areas.find((area) => addr >= area.start && addr < area.start + area.pages * PAGE)?.prot;
  }

  /**
   * True when `addr` lies in the heap below the break, in the stack or in an image area; for a write (a store, or a
   * kernel copy into user memory), not in a read-only image area.
   */
  usable(addr: number, write = false): boolean {
    if ((addr >= HEAP_BASE && addr < this.brk) || (addr >= STACK_BASE && addr < STACK_END)) return true;
    const prot = this.imageProt(addr);
    return prot !== undefined && (!write || prot === 'rw');
  }

  /** True when each of the `count` words from `addr` is usable (for a write, when `write`). */
  usableWords(addr: number, count: number, write = false): boolean {
    for (let i = 0; i < count; i++) if (!this.usable(addr + 4 * i, write)) return false;
    return true;
  }

  load(addr: number): number {
    return this.memory.get(addr - (addr & 3)) ?? 0;
  }

  store(addr: number, word: number): void {
    this.memory.set(addr - (addr & 3), word | 0);
  }

  /** The `count` words from `addr`. */
  loadWords(addr: number, count: number): number[] {
    return Array.from({ length: count }, (_, i) => this.load(addr + 4 * i));
  }

  storeWords(addr: number, words: readonly number[]): void {
    words.forEach((word, i) => this.store(addr + 4 * i, word));
  }

  /** The non-zero words, as [address, word] in address order. */
  nonZero(): [number, number][] {
    return [...this.memory].filter(([, word]) => word !== 0).sort((a, b) => a[0] - b[0]);
  }
}
