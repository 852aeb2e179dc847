/**
 * Symmetry reduction for exhaustive exploration: a state's pids, address-space
 * numbers and stub numbers are names, not values, so two states that differ
 * only by a renaming behave alike. `canonical` renames them in order of first
 * appearance (contexts in machine order, fields in a fixed order), so every
 * state of an orbit maps to one representative. Pages are already canonical
 * (sorted, merged intervals per space, spaces sorted after the renaming).
 *
 * Only names that are interchangeable are permuted: stubs (a new stub must be
 * unseen) and address spaces (a switch needs any other space) all are; pids
 * are ordered by the spec (a spawned pid is above `maxPid`), so only the pids
 * up to `maxPid` are permuted among themselves. `symmetry.test.ts` checks that
 * renaming commutes with stepping on every state of a spec's reachable graph.
 */
import type { SpecState } from './stepper.ts';

/** What the renaming acts on: the highest pid, address-space number + 1 and stub number. */
export interface NameBounds {
  readonly processes: number;
}

type Kind = 'pid' | 'asid' | 'stub';
type Ctx = Record<string, unknown>;

/** A renaming built up by first appearance. */
class Renaming {
  private readonly maps: Record<Kind, Map<number, number>> = { pid: new Map(), asid: new Map(), stub: new Map() };
  /** How many names changed so far: a context none of whose names changed is kept as it is (the same object). */
  changes = 0;
  constructor(private readonly maxPid: number, private readonly bounds: NameBounds, seed: Partial<Record<Kind, readonly number[]>> = {}) {
    for (const kind of ['pid', 'asid', 'stub'] as const) seed[kind]?.forEach((to, i) => this.maps[kind].set(kind === 'asid' ? i : i + 1, to));
  }

  /** The new name of `n` (assigning the next free one at its first appearance). */
  name(kind: Kind, n: number): number {
    if (kind === 'pid' && (n < 1 || n > this.maxPid)) return n;
    const map = this.maps[kind];
    let to = map.get(n);
    if (to === undefined) {
      to = (kind === 'asid' ? 0 : 1) + map.size;
      map.set(n, to);
    }
    if (to !== n) this.changes++;
    return to;
  }

  /** The names given so far, as text: what renaming a context depends on besides the context itself. */
  signature(): string {
    let text = '';
    for (const kind of ['pid', 'asid', 'stub'] as const) {
      text += kind[0]!;
      for (const [from, to] of this.maps[kind]) text += `${from}>${to},`;
    }
    return `${this.maxPid}${text}`;
  }

  /** The names given since `mark` (a count per kind), to replay them later. */
  given(mark: readonly number[]): [Kind, number, number][] {
    return (['pid', 'asid', 'stub'] as const).flatMap((kind, k) => [...this.maps[kind]].slice(mark[k]).map(([from, to]): [Kind, number, number] => [kind, from, to]));
  }

  /** How many names of each kind are given. */
  mark(): number[] {
    return [this.maps.pid.size, this.maps.asid.size, this.maps.stub.size];
  }

  /** Gives the names `given` (a cached renaming's), as renaming the context again would. */
  replay(given: readonly [Kind, number, number][], changes: number): void {
    for (const [kind, from, to] of given) this.maps[kind].set(from, to);
    this.changes += changes;
  }

  /** True when the names of `kind` this renaming may permute are few enough to be bounded. */
  permutes(kind: Kind, n: number): boolean {
    if (kind === 'pid') return n >= 1 && n <= this.maxPid;
    return kind === 'asid' ? n < this.bounds.processes : n <= this.bounds.processes;
  }
}

const num = (r: Renaming, kind: Kind, v: unknown): unknown => (typeof v === 'number' && r.permutes(kind, v) ? r.name(kind, v) : v);
const set = (r: Renaming, kind: Kind, v: unknown): number[] => (v as number[]).map((n) => num(r, kind, n) as number).sort((a, b) => a - b);
const pairs = (r: Renaming, k: Kind, v: Kind | undefined, list: unknown): [number, unknown][] =>
  (list as [number, unknown][]).map(([a, b]): [number, unknown] => [num(r, k, a) as number, v === undefined ? b : num(r, v, b)]).sort((x, y) => x[0] - y[0]);
const ref = (r: Renaming, kind: Kind, key: string, v: unknown): unknown => (v === null || v === undefined ? v : { ...(v as Ctx), [key]: num(r, kind, (v as Ctx)[key]) });
/** `loaded`: register sets written, as `stub * 4 + bit`. */
const stubBits = (r: Renaming, v: unknown): number[] =>
  (v as number[]).map((n) => (num(r, 'stub', Math.floor(n / 4)) as number) * 4 + (n % 4)).sort((a, b) => a - b);

/** `context` renamed, or `context` itself when no name in it changed (so that unchanged contexts stay shared). */
function renameContext(r: Renaming, context: unknown): unknown {
  if (context === null || typeof context !== 'object') return context;
  // Cached per context object and names given before it: a renamed context is then the same object each time it
  // recurs, so that the search's keys find it without serializing it again.
  const signature = r.signature();
  let cached = renamedContexts.get(context);
  const hit = cached?.get(signature);
  if (hit !== undefined) {
    r.replay(hit.given, hit.changes);
    return hit.renamed;
  }
  const before = r.changes;
  const mark = r.mark();
  const fields = renameFields(r, context);
  const renamed = r.changes === before ? context : fields;
  if (cached === undefined) renamedContexts.set(context, (cached = new Map()));
  cached.set(signature, { renamed, given: r.given(mark), changes: r.changes - before });
  return renamed;
}

/** Renamed contexts by original and by the names given before it (see `renameContext`). */
const renamedContexts = new WeakMap<object, Map<string, { renamed: unknown; given: [Kind, number, number][]; changes: number }>>();

/** How each machine's context names things, by context shape (checked by its fields). */
function renameFields(r: Renaming, context: unknown): unknown {
  if (context === null || typeof context !== 'object') return context;
  const c = context as Ctx;
  if ('maxPid' in c) return { ...c, current: num(r, 'pid', c.current), live: set(r, 'pid', c.live), ended: set(r, 'pid', c.ended), failed: ref(r, 'pid', 'pid', c.failed) };
  if ('liveAsid' in c) return { ...c, liveAsid: num(r, 'asid', c.liveAsid), binding: pairs(r, 'pid', 'asid', c.binding), pages: pairs(r, 'asid', undefined, c.pages), stale: set(r, 'asid', c.stale) };
  if ('liveClosed' in c) return { ...c, live: num(r, 'asid', c.live), known: pairs(r, 'asid', undefined, c.known) };
  if ('stubOf' in c) {
    return { ...c, stubOf: pairs(r, 'pid', 'stub', c.stubOf), waiting: num(r, 'pid', c.waiting), running: num(r, 'stub', c.running), lastStop: num(r, 'stub', c.lastStop), returning: num(r, 'pid', c.returning) };
  }
  if ('stopped' in c) {
    return { ...c, running: num(r, 'stub', c.running), stopped: set(r, 'stub', c.stopped), inCall: set(r, 'stub', c.inCall), seen: set(r, 'stub', c.seen), pending: ref(r, 'stub', 'stub', c.pending), loaded: stubBits(r, c.loaded) };
  }
  if ('parked' in c) {
    return { ...c, running: num(r, 'stub', c.running), parked: set(r, 'stub', c.parked), handling: set(r, 'stub', c.handling), seen: set(r, 'stub', c.seen), pending: ref(r, 'stub', 'stub', c.pending), resuming: num(r, 'stub', c.resuming) };
  }
  return context;
}

/** A state's orbit representative, and the renaming of pids that took it there. */
export interface Canonical {
  readonly state: SpecState;
  /** `pids[p - 1]`: the new name of pid p, for p = 1..processes. */
  readonly pids: readonly number[];
}

/** The representative of `state`'s orbit. */
export function canonical(state: SpecState, bounds: NameBounds): Canonical {
  const cpu = state.contexts.find((c) => c !== null && typeof c === 'object' && 'maxPid' in c) as { maxPid: number } | undefined;
  const r = new Renaming(cpu?.maxPid ?? 0, bounds);
  const contexts = state.contexts.map((c) => renameContext(r, c));
  const same = contexts.every((c, i) => c === state.contexts[i]);
  const pids = Array.from({ length: bounds.processes }, (_, i) => num(r, 'pid', i + 1) as number);
  return { state: same ? state : { spec: state.spec, states: state.states, contexts }, pids };
}

/** A permutation of names: `pid[p - 1]`, `asid[a]`, `stub[s - 1]` the new names (pids above `maxPid` stay as they are). */
export type Permutation = Partial<Record<Kind, readonly number[]>>;

/** `state` with its names permuted by `perm`: for tests that check the reduction against every renaming. */
export function permuted(state: SpecState, bounds: NameBounds, perm: Permutation): SpecState {
  const cpu = state.contexts.find((c) => c !== null && typeof c === 'object' && 'maxPid' in c) as { maxPid: number } | undefined;
  const r = new Renaming(cpu?.maxPid ?? 0, bounds, perm);
  return { spec: state.spec, states: state.states, contexts: state.contexts.map((c) => renameContext(r, c)) };
}

/** `pids` (a sorted set) under the renaming `names` of `canonical`. */
export const renamePids = (pids: readonly number[], names: readonly number[]): readonly number[] =>
  pids.length === 0 ? pids : pids.map((p) => names[p - 1] ?? p).sort((a, b) => a - b);
