/**
 * The candidate events of a search, cached: `candidateEvents` depends on a
 * state only through its names (`domainOf`), which few states differ in, so
 * the events within scope are built once per domain and grouped by event type.
 * A search then skips a whole type when some machine's control state refuses
 * it outright, before stepping any event of it.
 */
import { domainOf, eventsOver } from './candidateEvents.ts';
import { TYPE_COUNT, typeIndexOf } from './compile.ts';
import type { SpecState } from './stepper.ts';
import type { SpecEvent } from './types.ts';

/** The events of one type, with the type's index. */
export interface TypeGroup {
  readonly type: number;
  readonly events: readonly SpecEvent[];
}

/** A cache of candidate events by domain, for one scope. */
export class EventMenu {
  private readonly byDomain = new Map<string, readonly TypeGroup[]>();
  /** `fit` gives the event as the search tries it, or undefined to leave it out (outside the scope). */
  constructor(private readonly fit: (event: SpecEvent) => SpecEvent | undefined) {}

  /** The candidate events of `state` within scope, grouped by type. */
  of(state: SpecState): readonly TypeGroup[] {
    const domain = domainOf(state);
    const key = JSON.stringify(domain);
    let groups = this.byDomain.get(key);
    if (groups === undefined) {
      const byType = new Map<number, SpecEvent[]>();
      for (const proposed of eventsOver(domain)) {
        const event = this.fit(proposed);
        if (event === undefined) continue;
        const type = typeIndexOf(event.type);
        byType.set(type, [...(byType.get(type) ?? []), event]);
      }
      groups = [...byType].map(([type, events]) => ({ type, events }));
      this.byDomain.set(key, groups);
    }
    return groups;
  }
}

/** True when every machine that constrains event type `type` has some transition on it from its control state. */
export function typeEnabled(state: SpecState, type: number): boolean {
  const { spec } = state;
  const listeners = spec.listeners[type]!;
  if (listeners.length === 0) return false;
  for (const m of listeners) if (spec.machines[m]!.candidates[state.states[m]! * TYPE_COUNT + type]!.length === 0) return false;
  return true;
}
