/**
 * The host machine's physical memory: 4 KiB frames of 32-bit words, handed
 * out by the host kernel. A physical word address is `frame * 1024 + word`.
 */
import { WORDS_PER_PAGE } from './layout.ts';

/** At most this many frames (8 GiB) so physical word addresses stay below 2^31. */
export const MAX_FRAMES = 1 << 21;

/** The host's physical frames. */
export class PhysicalMemory {
  /** Frame contents by frame number. */
  readonly frames: Int32Array[] = [];
  private readonly free: number[] = [];

  /** Allocates a zeroed frame and returns its number. */
  allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) {
      this.frames[reused]!.fill(0);
      return reused;
    }
    if (this.frames.length >= MAX_FRAMES) throw new Error('host out of physical memory');
    this.frames.push(new Int32Array(WORDS_PER_PAGE));
    return this.frames.length - 1;
  }

  /** Returns a frame to the free pool. */
  release(frame: number): void {
    this.free.push(frame);
  }

  /** Reads the word at physical word address `pa`. */
  read(pa: number): number {
    return this.frames[pa >>> 10]![pa & 1023]!;
  }

  /** Writes the word at physical word address `pa`. */
  write(pa: number, value: number): void {
    this.frames[pa >>> 10]![pa & 1023] = value;
  }

  /** Frames in use. */
  get inUse(): number {
    return this.frames.length - this.free.length;
  }
}
