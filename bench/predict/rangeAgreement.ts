/**
 * Do repeated predictions fall inside each other's printed ranges? (issue 21)
 * A range that is honest about run-to-run spread holds the median of every
 * other run of the same prediction; each miss is named.
 */
import type { Spread } from './predictRun.ts';

/** One run's figure per column. */
export type RunFigures = Readonly<Record<string, Spread>>;

/** One median outside another run's range. */
export interface RangeMiss {
  readonly column: string;
  /** The run whose median fell outside, and the run whose range it fell outside (0-based). */
  readonly run: number;
  readonly against: number;
  readonly median: number;
  readonly range: readonly [number, number];
}

/** A percentage as the report prints it (predictReport's pct): whole percent from 10% on, one decimal below. */
export function printed(pct: number): number {
  return Math.abs(pct) >= 10 ? Math.round(pct) : Math.round(pct * 10) / 10;
}

/** Every median of every run checked against every other run's range, column by column, as printed. */
export function rangeMisses(runs: readonly RunFigures[]): { pairs: number; misses: readonly RangeMiss[] } {
  const misses: RangeMiss[] = [];
  let pairs = 0;
  for (let i = 0; i < runs.length; i++) {
    for (let j = 0; j < runs.length; j++) {
      if (i === j) continue;
      for (const [column, s] of Object.entries(runs[i]!)) {
        const other = runs[j]![column];
        if (other === undefined) continue;
        pairs++;
        if (printed(s.median) < printed(other.min) || printed(s.median) > printed(other.max)) misses.push({ column, run: i, against: j, median: s.median, range: [other.min, other.max] });
      }
    }
  }
  return { pairs, misses };
}
