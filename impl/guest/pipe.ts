/**
 * A guest pipe: a bounded FIFO of words between file descriptors, with
 * reference counts on its two ends so a reader sees end-of-file and a writer
 * sees EPIPE once the other side is gone.
 */

/** Words a pipe holds. */
export const PIPE_CAPACITY = 64;

/** A pipe. */
export class Pipe {
  readonly buffer: number[] = [];
  readers = 0;
  writers = 0;

  /** Room left. */
  get room(): number {
    return PIPE_CAPACITY - this.buffer.length;
  }
}
