/**
 * The host's sources of asynchronous signals for the guest-machine process:
 * the interval timer (SIGALRM, the guest's timer interrupt) and asynchronous
 * reads of the guest's disk file (SIGIO on completion). Time is the number of
 * guest instructions executed, so the same run always sees the same events.
 */
import type { SigInfo } from './hostCalls.ts';

/** A device completion not yet signalled. */
interface Completion {
  readonly at: number;
  readonly offset: number;
  readonly data: readonly number[];
}

/** The word at `offset` of the emulated disk (a fixed function of the position). */
export function diskWord(offset: number): number {
  return (offset * 2654435761 + 12345) >>> 24;
}

/** Timer and disk. */
export class HostDevices {
  private nextTimer: number;
  private readonly completions: Completion[] = [];
  /** The earliest time anything is due (a cheap test for the CPU loop). */
  nextEventAt: number;

  constructor(private readonly timerInterval: number, private readonly diskLatency: number) {
    this.nextTimer = timerInterval;
    this.nextEventAt = timerInterval;
  }

  /** Starts an asynchronous read of `words` words at `offset`, completing `diskLatency` instructions from `now`. */
  startRead(now: number, offset: number, words: number): void {
    const data = Array.from({ length: words }, (_, i) => diskWord(offset + i));
    this.completions.push({ at: now + this.diskLatency, offset, data });
    this.recompute();
  }

  /** True while a read is outstanding. */
  get ioPending(): boolean {
    return this.completions.length > 0;
  }

  /** The one event due at `now`, if any (device completions before the timer). */
  takeDue(now: number): { readonly sig: 'SIGALRM' | 'SIGIO'; readonly info: SigInfo } | undefined {
    const first = this.completions[0];
    if (first !== undefined && first.at <= now) {
      this.completions.shift();
      this.recompute();
      return { sig: 'SIGIO', info: { kind: 'io', offset: first.offset, data: first.data } };
    }
    if (this.nextTimer <= now) {
      while (this.nextTimer <= now) this.nextTimer += this.timerInterval;
      this.recompute();
      return { sig: 'SIGALRM', info: { kind: 'timer' } };
    }
    return undefined;
  }

  private recompute(): void {
    this.nextEventAt = Math.min(this.nextTimer, this.completions[0]?.at ?? Infinity);
  }
}
