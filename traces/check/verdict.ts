/**
 * What the conformance checker says about one trace file: it conforms, it
 * diverges from the spec (exit 1: a check failed), or it could not be checked
 * at all (exit 2: malformed, unknown variant, unreadable). Divergences carry
 * the place, the event, the spec state it met and what that state accepts.
 */
import type { SpecEvent } from '../../spec/index.ts';
import type { Malformed } from '../io/malformed.ts';
import { assertNever } from '../internal/assertNever.ts';

/** Why a trace diverges. */
export type DivergenceCode =
  /** A machine of the spec refused the event. */
  | 'spec-rejects'
  /** `seq` skips numbers: events are missing. */
  | 'seq-gap'
  /** `seq` repeats or goes back: an event is duplicated or out of order. */
  | 'seq-repeat'
  /** The header says `complete: true` but the trace ends where the spec could still go on. */
  | 'incomplete';

/** A line shown around a divergence. */
export interface ContextLine {
  readonly line: number;
  readonly text: string;
}

/** The trace is accepted by the spec of its variant. */
export interface Conforms {
  readonly kind: 'conforms';
  readonly variant: string;
  readonly events: number;
  readonly complete: boolean;
  /** Where each machine ended. */
  readonly states: Readonly<Record<string, string>>;
  /** What the check could not see (a version-1 file), once per file. */
  readonly notes: readonly string[];
}

/** The first place the trace leaves the spec. */
export interface Diverges {
  readonly kind: 'diverges';
  readonly code: DivergenceCode;
  readonly variant: string;
  /** Line of the offending event (for `incomplete`: the last line). */
  readonly line: number;
  /** The offending event (null for `incomplete`). */
  readonly event: SpecEvent | null;
  /** The machine that refused, `trace` for sequence errors, or the first machine not at rest. */
  readonly machine: string;
  /** The state of that machine. */
  readonly state: string;
  /** What the whole composed spec would have accepted at that point, briefly, what repairs the refusal first (traces/check/expectedEvents.ts). */
  readonly expected: readonly string[];
  /** How many candidate events `expected` was drawn from (the spec's event space is not finite: an empty list means none of these). */
  readonly tried: number;
  /** Every machine's state just before the event. */
  readonly states: Readonly<Record<string, string>>;
  /** One line saying what went wrong. */
  readonly message: string;
  /** A few lines before and after, the offending one included. */
  readonly context: readonly ContextLine[];
  /** What the check could not see (a version-1 file), once per file. */
  readonly notes: readonly string[];
}

/** The file could not be read. */
export interface Unreadable {
  readonly kind: 'unreadable';
  readonly message: string;
}

/** The verdict on one trace. */
export type Verdict = Conforms | Diverges | Malformed | Unreadable;

/** The exit code a verdict calls for: 0 conforms, 1 diverges, 2 could not be checked. */
export function exitCodeOf(verdict: Verdict): 0 | 1 | 2 {
  switch (verdict.kind) {
    case 'conforms':
      return 0;
    case 'diverges':
      return 1;
    case 'malformed':
    case 'unreadable':
      return 2;
    default:
      return assertNever(verdict);
  }
}
