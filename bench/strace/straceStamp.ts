/**
 * The front of an strace line: the pid strace writes with `-f` (`1234 ` into
 * an `-o` file, `[pid  1234] ` on a terminal) and the time stamp in whichever
 * flavour the log was recorded with: `-t` (HH:MM:SS), `-tt` (HH:MM:SS.µs),
 * `-ttt` (seconds since the epoch), `-r` (seconds since the previous line) or
 * none. A {@link StampClock} turns successive stamps into µs since the log's
 * first line and holds the whole log to one flavour.
 */

/** How the log's times were printed. */
export type StampFlavour = 't' | 'tt' | 'ttt' | 'r' | 'none';

/** A line split into pid, stamp and the rest. */
export interface LinePrefix {
  readonly pid: number | null;
  readonly flavour: StampFlavour;
  /** The stamp in µs as printed: since midnight (`t`, `tt`), since the epoch (`ttt`), since the previous line (`r`), 0 (`none`). */
  readonly stampUs: number;
  readonly rest: string;
}

/** Epoch stamps have at least this many integer digits (2001 onwards); a smaller `S.µs` stamp is relative (`-r`). */
const EPOCH_DIGITS = 9;
const PID = /^(?:\[pid\s+(\d+)\]\s+|(\d+)\s+(?=[\d[<+-]|[a-z_]))?/;
const CLOCK = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s+/;
const SECONDS = /^(\d+)\.(\d{1,9})\s+/;

/** Whole microseconds from a `seconds.fraction` split, without float rounding. */
export function microseconds(seconds: string, fraction: string): number {
  return Number(seconds) * 1_000_000 + Number(fraction.slice(0, 6).padEnd(6, '0'));
}

/** Splits the pid and stamp off `line` (leading blanks allowed, as `-r` pads its stamps). */
export function splitPrefix(line: string): LinePrefix {
  const text = line.trimStart();
  const p = PID.exec(text)!;
  const pidText = p[1] ?? p[2];
  let rest = text.slice(p[0].length);
  const pid = pidText === undefined ? null : Number(pidText);
  let m = CLOCK.exec(rest);
  if (m !== null) {
    const us = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1_000_000 + (m[4] === undefined ? 0 : microseconds('0', m[4]));
    return { pid, flavour: m[4] === undefined ? 't' : 'tt', stampUs: us, rest: rest.slice(m[0].length) };
  }
  m = SECONDS.exec(rest);
  if (m !== null) {
    rest = rest.slice(m[0].length);
    return { pid, flavour: m[1]!.length >= EPOCH_DIGITS ? 'ttt' : 'r', stampUs: microseconds(m[1]!, m[2]!), rest };
  }
  // No stamp: a bare pid may have been a relative stamp's integer part only if a fraction followed; it did not.
  return { pid, flavour: 'none', stampUs: 0, rest };
}

const DAY_US = 86_400_000_000;
const HALF_DAY_US = DAY_US / 2;

/** Turns the stamps of one log (or one `-o` per-process file) into µs since its first line. */
export class StampClock {
  private flavour: StampFlavour | null = null;
  private firstUs = 0;
  private lastUs = 0;
  private days = 0;
  private lastClockUs = 0;

  /** The flavour fixed by the first line, or null before it. */
  get recorded(): StampFlavour | null {
    return this.flavour;
  }

  /** The absolute time of the first line (µs since the epoch for `ttt`, since midnight for `t`/`tt`, else 0). */
  get originUs(): number {
    return this.firstUs;
  }

  /** µs since the first line of the line stamped `prefix`, or why not (a different flavour than the first line's). */
  at(prefix: Pick<LinePrefix, 'flavour' | 'stampUs'>): { ok: true; us: number } | { ok: false; error: string } {
    if (this.flavour === null) {
      this.flavour = prefix.flavour;
      this.firstUs = prefix.flavour === 'r' || prefix.flavour === 'none' ? 0 : prefix.stampUs;
      this.lastClockUs = prefix.stampUs;
    } else if (prefix.flavour !== this.flavour) {
      return { ok: false, error: `time stamp looks like ${describeFlavour(prefix.flavour)}, but the log began with ${describeFlavour(this.flavour)}` };
    }
    let us: number;
    switch (this.flavour) {
      case 'ttt':
        us = prefix.stampUs - this.firstUs;
        break;
      case 't':
      case 'tt':
        // Past midnight the clock starts again at 0: a step back of more than half a day is the next day.
        if (prefix.stampUs + HALF_DAY_US < this.lastClockUs) this.days++;
        this.lastClockUs = prefix.stampUs;
        us = prefix.stampUs + this.days * DAY_US - this.firstUs;
        break;
      case 'r':
        us = this.lastUs + prefix.stampUs;
        break;
      case 'none':
        us = 0;
        break;
    }
    this.lastUs = Math.max(this.lastUs, us);
    return { ok: true, us };
  }
}

/** The strace option a flavour comes from, for messages. */
export function describeFlavour(flavour: StampFlavour): string {
  switch (flavour) {
    case 't':
      return '-t stamps (HH:MM:SS)';
    case 'tt':
      return '-tt stamps (HH:MM:SS.micros)';
    case 'ttt':
      return '-ttt stamps (epoch seconds)';
    case 'r':
      return '-r stamps (relative seconds)';
    case 'none':
      return 'no time stamps';
  }
}
