/**
 * The `expected:` list of a divergence: what the composed spec would accept
 * where the trace left it, ordered so the repair comes first. Candidates are
 * the spec's finite domain (spec/candidateEvents.ts) plus variations of the
 * refused event with its own values (a `vmm.allow nr=pipe` is tried as
 * `vmm.rewrite from=pipe …`: pipe is in no fixed domain). Events that change
 * no machine's state or data are dropped: the spec merely tolerates them, and
 * after one the same refusal would follow; the rest rank by how closely they touch the
 * refusal: first those that change the data the refusal rests on, then what
 * the refusing machine itself takes, same event type first, then the others.
 */
import { isDeepStrictEqual } from 'node:util';
import { briefEvent, candidateEvents, step, type SpecEvent, type SpecState } from '../../spec/index.ts';

/** What the list is about: the refusing machine (by index) and its reasons' data fields, and the refused event. */
export interface Refusal {
  readonly machine: number | undefined;
  readonly fields: readonly string[];
  readonly event: SpecEvent | null;
}

/** The accepted events, ranked, and how many candidates were tried (to say "nothing of N" honestly). */
export interface Expected {
  readonly events: readonly string[];
  readonly tried: number;
}

/** Fields that hold the same kind of value under different names: a syscall (`nr`, `from`), an address (`addr`, `start`). */
const KIND: Readonly<Record<string, string>> = { nr: 'syscall', from: 'syscall', addr: 'address', start: 'address' };
const kindOf = (field: string): string => KIND[field] ?? field;

type Fields = Readonly<Record<string, unknown>>;

/** Rank units per tier: more than any event's field count. */
const TIER = 100;
/** Tiers from here on are about other machines than the refusing one. */
const OTHERS = 4;

/** Each candidate again with the refused event's values in the fields of the same kind. */
export function variationsOf(candidates: readonly SpecEvent[], refused: SpecEvent): SpecEvent[] {
  const values = Object.entries(refused).filter(([k]) => k !== 'type').map(([k, v]) => [kindOf(k), v] as const);
  const out: SpecEvent[] = [];
  for (const candidate of candidates) {
    for (const [field, value] of Object.entries(candidate)) {
      if (field === 'type') continue;
      for (const [kind, v] of values) {
        if (kind === kindOf(field) && v !== value && typeof v === typeof value) out.push({ ...candidate, [field]: v } as SpecEvent);
      }
    }
  }
  return out;
}

/** Fields of `event` equal to the refused event's (same name, same value). */
const shared = (event: SpecEvent, refused: SpecEvent | null): number =>
  refused === null ? 0 : Object.entries(event).filter(([k, v]) => k !== 'type' && (refused as Fields)[k] === v).length;

/**
 * Lower ranks print first; undefined: the event changes nothing, drop it.
 * 0: after it the refused event would be taken (it makes way for it);
 * 1: an alternative to the refused event that the refusing machine takes;
 * 2: another event that changes the refusing machine or the data its refusal rests on;
 * 3: an event of the refused type that other machines take; 4: any other event that moves a machine;
 * 5: one that changes only another machine's data (a faulting access noted by the CPU).
 * Beside a refusal, tiers 4 and 5 are about other machines, not about it: they are dropped when
 * anything ranks above them (a trace cut short or a gap has no refusing machine, and keeps them).
 */
function rank(state: SpecState, after: SpecState, event: SpecEvent, refusal: Refusal): number | undefined {
  // Updates may return a fresh object with the same data: only a difference in value is a change.
  const changed = (m: number): boolean => after.states[m] !== state.states[m] || !isDeepStrictEqual(after.contexts[m], state.contexts[m]);
  if (!state.spec.machines.some((_, m) => changed(m))) return undefined;
  const m = refusal.machine;
  const refused = refusal.event;
  const makesWay = refused !== null && m !== undefined && step(after, refused).ok;
  const movesRefuser = m !== undefined && changed(m);
  const touchesReason = m !== undefined && refusal.fields.some((f) => !isDeepStrictEqual((after.contexts[m] as Fields | null)?.[f], (state.contexts[m] as Fields | null)?.[f]));
  const sameType = refused !== null && event.type === refused.type;
  const moves = after.states.some((s, i) => s !== state.states[i]);
  const tier = makesWay ? 0 : movesRefuser && sameType ? 1 : movesRefuser || touchesReason ? 2 : sameType ? 3 : moves ? 4 : 5;
  // Within a tier, an event closer to the refused one (more fields in common) first.
  return tier * TIER - shared(event, refused);
}

/** What the spec accepts at `state`, repair first (see the file comment). */
export function expectedEvents(state: SpecState, refusal: Refusal): Expected {
  const base = candidateEvents(state);
  const candidates = refusal.event === null ? base : [...base, ...variationsOf(base, refusal.event)];
  const ranked: { brief: string; rank: number; order: number }[] = [];
  const seen = new Set<string>();
  for (const [order, event] of candidates.entries()) {
    const brief = briefEvent(event);
    if (seen.has(brief)) continue;
    seen.add(brief);
    const result = step(state, event);
    if (!result.ok) continue;
    const r = rank(state, result.state, event, refusal);
    if (r !== undefined) ranked.push({ brief, rank: r, order });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const aboutRefusal = refusal.machine !== undefined && ranked.some((e) => e.rank < OTHERS * TIER - TIER / 2);
  const kept = aboutRefusal ? ranked.filter((e) => e.rank < OTHERS * TIER - TIER / 2) : ranked;
  return { events: kept.map((e) => e.brief), tried: seen.size };
}
