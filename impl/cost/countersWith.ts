/**
 * Counters written by hand: zero everywhere except what is given. For
 * predicting a measured composite from its recorded contents, and for tests
 * of the cost model on counts worked out on paper.
 */
import { newCounters, type Counters } from '../counters.ts';

/** All-zero counters with `given` filled in. */
export function countersWith(given: Partial<Counters>): Counters {
  return { ...newCounters(), ...given };
}
