/**
 * The ideal machine's processes (issue 12, the independent reference): flat
 * memory (a word per address, zero until written), no page tables, no host;
 * the same program counter, loops, files, signals and states a guest process
 * has, because those are the semantics the guest sees. A process running a
 * program image also has its areas: readable, and writable where the image
 * says `rw` (a store or a kernel copy into a read-only area fails), zero
 * until written, whatever backs them.
 */
import { HEAP_BASE, INITIAL_HEAP_PAGES, STACK_BASE, STACK_END, type Op, type ProcessImage } from '../../impl/index.ts';

/** Whether a user range is read (a kernel copy from it) or written (a kernel copy into it). */
export type Direction = 'in' | 'out';

/** Where a process stands in its code. */
export interface IdealContext {
  readonly code: readonly Op[];
  pc: number;
  readonly loops: number[];
  readonly handler: boolean;
}

/** A pipe between processes. */
export interface IdealPipe {
  readonly buffer: number[];
  readers: number;
  writers: number;
}

/** An open file. */
export type IdealFile =
  | { readonly kind: 'console' }
  | { readonly kind: 'disk' }
  | { readonly kind: 'pipe-read'; readonly pipe: IdealPipe }
  | { readonly kind: 'pipe-write'; readonly pipe: IdealPipe };

/** What a blocked process waits for. */
export type IdealWait = 'pipe-read' | 'pipe-write' | 'disk' | 'child';

/** Lifecycle of a process. */
export type IdealState =
  | { readonly kind: 'runnable' }
  | { readonly kind: 'blocked'; readonly on: IdealWait }
  | { readonly kind: 'zombie' }
  | { readonly kind: 'reaped' };

/** A process of the ideal machine. */
export class IdealProcess {
  state: IdealState = { kind: 'runnable' };
  /** Word-aligned address → value; absent means zero. */
  readonly memory = new Map<number, number>();
  brk = HEAP_BASE + INITIAL_HEAP_PAGES * 0x1000;
  readonly files: (IdealFile | undefined)[];
  readonly handlers = new Map<string, readonly Op[]>();
  readonly pending: string[] = [];
  readonly saved: IdealContext[] = [];
  diskData: readonly number[] | undefined;
  diskRequested = false;
  diskOffset = 0;

  constructor(
    readonly pid: number, public parent: number, public context: IdealContext, files: readonly (IdealFile | undefined)[],
    /** The program image it runs (a child runs its parent's), if any. */
    readonly image: ProcessImage | undefined,
  ) {
    this.files = [...files];
  }

  /** The protection of the image area holding `addr`, if one does. */
  private imageProt(addr: number): 'r' | 'rx' | 'rw' | undefined {
    return this.image?.areas.find((area) => addr >= area.start && addr < area.start + area.pages * 0x1000)?.prot;
  }

  /** True when `addr` lies in the heap (below the break), the stack or an area of the image. */
  valid(addr: number): boolean {
    return (addr >= HEAP_BASE && addr < this.brk) || (addr >= STACK_BASE && addr < STACK_END) || this.imageProt(addr) !== undefined;
  }

  /** True when `addr` may be written: valid, and not in a read-only area of the image. */
  writable(addr: number): boolean {
    const prot = this.imageProt(addr);
    return prot === undefined ? this.valid(addr) : prot === 'rw';
  }

  /** True when all `count` words from `addr` may be read (`in`) or written (`out`) (valid areas are all below the guest kernel). */
  validRange(addr: number, count: number, direction: Direction): boolean {
    for (let i = 0; i < count; i++) if (!(direction === 'in' ? this.valid(addr + 4 * i) : this.writable(addr + 4 * i))) return false;
    return true;
  }

  read(addr: number): number {
    return this.memory.get(addr - (addr & 3)) ?? 0;
  }

  write(addr: number, value: number): void {
    this.memory.set(addr - (addr & 3), value | 0);
  }

  get alive(): boolean {
    return this.state.kind === 'runnable' || this.state.kind === 'blocked';
  }

  /** The non-zero words, as [address, value] in address order. */
  snapshot(): [number, number][] {
    return [...this.memory].filter(([, v]) => v !== 0).sort((a, b) => a[0] - b[0]);
  }
}
