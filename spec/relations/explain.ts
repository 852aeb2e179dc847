/**
 * Relations in words. A guard answers yes or no, as XState needs; when the
 * checker refuses an event, the guards that said no are asked why, so a report
 * reads "guest.return pid 1, but the current process is 2" instead of listing
 * event types. Each machine exports its explanations beside its guards.
 */
import type { SpecEvent } from '../types.ts';

/** What a guard is given, as XState gives it. */
export interface GuardArgs<C> {
  readonly context: C;
  readonly event: SpecEvent;
}

/** Why a guard said no, in one short clause; `field` names the context field it compared against. */
export interface Why {
  readonly text: string;
  readonly field?: string;
}

/** An explanation per guard name. */
export type Explanations = Readonly<Record<string, (args: GuardArgs<never>, params: never) => Why | undefined>>;

/** A `Why` naming `field`. */
export const because = (text: string, field?: string): Why => (field === undefined ? { text } : { text, field });
