/**
 * Exhaustive exploration of a small scope, as TLC does: breadth first from the
 * initial state alone, every event `candidateEvents` proposes within the
 * bounds (pids ≤ N, address spaces < N, stubs ≤ N), states identified up to a
 * renaming of pids, address spaces and stubs (`symmetry.ts`). Every state is
 * checked against the invariants; every state other than halted must take
 * some event; and a liveness monitor tracks the guest syscalls taken and not
 * answered (a `guest.syscall` of pid p until a `guest.return` or `guest.exit`
 * of p), checked after the search by `liveness.ts`.
 */
import { EventMenu, typeEnabled } from './eventMenu.ts';
import type { StateInvariant } from './explore.ts';
import { unansweredSyscalls, type Edges } from './liveness.ts';
import { initial, isHalted, tryStep, type SpecState, type StartOptions, type VariantSpec } from './stepper.ts';
import { canonical, renamePids, type Canonical } from './symmetry.ts';
import type { SpecEvent } from './types.ts';

/** The scope and the cap. */
export interface ExhaustiveBounds {
  /** Highest pid and stub number, and address-space number + 1, an event may name. */
  readonly processes: number;
  /** Stop after this many distinct states (the search is then bounded, not exhausted). */
  readonly maxStates: number;
  /** Identify states up to renaming (default true); false explores every concrete state, to check the reduction. */
  readonly symmetry?: boolean;
}

/** A state found, with an event path from the initial state that reaches it. */
export interface Witness {
  /** The concrete state the path reaches (a member of the orbit where the problem was found). */
  readonly state: SpecState;
  readonly path: readonly SpecEvent[];
  /** What is wrong there: `dead end`, an invariant's name, or `unanswered syscall of pid P`. */
  readonly problem: string;
}

/** What the search found. */
export interface ExhaustiveResult {
  /** Distinct states up to symmetry. */
  readonly states: number;
  readonly transitions: number;
  /** The deepest breadth-first level reached: the longest shortest path from the initial state. */
  readonly diameter: number;
  /** True when every reachable state was explored; false when `maxStates` stopped it. */
  readonly exhausted: boolean;
  readonly halted: number;
  /** How many states have each problem. */
  readonly counts: Readonly<Record<string, number>>;
  /** The shallowest few states of each problem, with a concrete path to each. */
  readonly problems: readonly Witness[];
}

/** How many witnesses of one problem are reported (each path is replayed, which costs a little). */
const WITNESSES = 3;

/** The first `WITNESSES` of each kind of problem (the problems come in breadth-first order: shortest first). */
function firsts<T extends { readonly problem: string }>(problems: readonly T[]): T[] {
  const kind = (p: T): string => p.problem.replace(/ of pid \d+$/, '');
  const seen = new Map<string, number>();
  return problems.filter((p) => {
    const n = seen.get(kind(p)) ?? 0;
    seen.set(kind(p), n + 1);
    return n < WITNESSES;
  });
}

/**
 * The pending set after `event`: the liveness monitor. A halt ends every process (the emulator halts at its step
 * budget or on a kernel oops with processes live, and the spec accepts that), so it answers nothing and leaves nothing pending.
 */
function monitor(pending: readonly number[], event: SpecEvent): readonly number[] {
  if (event.type === 'guest.syscall') return pending.includes(event.pid) ? pending : [...pending, event.pid].sort((a, b) => a - b);
  if (event.type === 'guest.halt') return [];
  if (event.type === 'guest.return' || event.type === 'guest.exit') return pending.includes(event.pid) ? pending.filter((p) => p !== event.pid) : pending;
  return pending;
}

/** True when every number `event` names lies in the scope. */
export function inScope(event: SpecEvent, processes: number): boolean {
  const e = event as unknown as Record<string, unknown>;
  for (const key of ['pid', 'to', 'from', 'parent', 'stub']) if (typeof e[key] === 'number' && (e[key] as number) > processes) return false;
  return !(typeof e['asid'] === 'number' && (e['asid'] as number) >= processes);
}

/**
 * Short state keys: each distinct context (by value) gets a small number, looked up by object first (a step shares
 * the contexts it leaves unchanged with the state before, so most are found without being serialized), so a key
 * is a few numbers, cheap to hash, instead of the whole state's JSON.
 */
class ContextNumbers {
  private readonly byObject = new WeakMap<object, number>();
  private readonly byText = new Map<string, number>();

  of(context: unknown): number {
    const object = context !== null && typeof context === 'object';
    if (object) {
      const known = this.byObject.get(context);
      if (known !== undefined) return known;
    }
    const text = JSON.stringify(context) ?? 'undefined';
    let n = this.byText.get(text);
    if (n === undefined) {
      n = this.byText.size;
      this.byText.set(text, n);
    }
    if (object) this.byObject.set(context, n);
    return n;
  }

  /** A state's identity by value, with the monitor's pending set. */
  key(state: SpecState, pending: readonly number[]): string {
    let key = state.states.join(',');
    for (const context of state.contexts) key += `|${this.of(context)}`;
    return pending.length === 0 ? key : `${key}|p${pending.join(',')}`;
  }
}

/**
 * The events tried, within the scope and as a trace of the run's format can carry them: from version 2 on a mapping
 * names its file page, so a mapping proposed without one is tried as anonymous memory (`filePage: null`); from
 * version 3 on an access names its mode, so one proposed without is left out. Every witness path is then a trace
 * `conform` reads.
 */
const menuOf = (bounds: ExhaustiveBounds, options: StartOptions): EventMenu =>
  new EventMenu((event) => {
    if (!inScope(event, bounds.processes)) return undefined;
    if (event.type === 'guest.access' && event.mode === undefined && (options.version ?? 2) >= 3) return undefined;
    return event.type === 'host.mm.map' && event.filePage === undefined && (options.version ?? 2) >= 2 ? { ...event, filePage: null } : event;
  });

/** The orbit representative of a state, or (without symmetry) the state itself under the identity renaming. */
const reducer = (bounds: ExhaustiveBounds) => (state: SpecState): Canonical =>
  bounds.symmetry === false ? { state, pids: Array.from({ length: bounds.processes }, (_, i) => i + 1) } : canonical(state, bounds);

/** The index of renaming `names` in `perms` (few: at most processes! of them). */
function permIndex(perms: (readonly number[])[], names: readonly number[]): number {
  const i = perms.findIndex((p) => p.every((n, j) => n === names[j]));
  if (i >= 0) return i;
  perms.push(names);
  return perms.length - 1;
}

/**
 * A concrete event path to state `id`: the search's path runs through orbit representatives, so each step is
 * replayed from the concrete state by the candidate event whose successor has the same representative.
 */
function concretePath(
  spec: VariantSpec, options: StartOptions, bounds: ExhaustiveBounds, numbers: ContextNumbers, keys: readonly string[], parent: readonly number[], id: number,
): { readonly path: SpecEvent[]; readonly state: SpecState; readonly names: readonly number[] } {
  const reduce = reducer(bounds);
  const menu = menuOf(bounds, options);
  let names: readonly number[] = reduce(initial(spec, options)).pids;
  const chain: number[] = [];
  for (let at = id; at > 0; at = parent[at]!) chain.unshift(at);
  let state = initial(spec, options);
  let pending: readonly number[] = [];
  const path: SpecEvent[] = [];
  for (const target of chain) {
    search: for (const { events } of menu.of(state)) for (const event of events) {
      const after = tryStep(state, event);
      if (after === undefined) continue;
      const renamed = reduce(after);
      const next = monitor(pending, event);
      if (numbers.key(renamed.state, renamePids(next, renamed.pids)) !== keys[target]) continue;
      path.push(event);
      state = after;
      pending = next;
      names = renamed.pids;
      break search;
    }
  }
  return { path, state, names };
}

/** A problem found at a representative, told of the concrete state its path reaches (its pid renamed back). */
function witness(found: { path: SpecEvent[]; state: SpecState; names: readonly number[] }, problem: string): Witness {
  const pid = / of pid (\d+)$/.exec(problem);
  if (pid === null) return { ...found, problem };
  const concrete = found.names.indexOf(Number(pid[1])) + 1;
  return { path: found.path, state: found.state, problem: problem.replace(/\d+$/, String(concrete > 0 ? concrete : pid[1])) };
}

/** Explores every state of `spec` reachable within `bounds`, up to symmetry. */
export function exhaust(spec: VariantSpec, bounds: ExhaustiveBounds, invariants: readonly StateInvariant[], options: StartOptions = {}): ExhaustiveResult {
  const ids = new Map<string, number>();
  const states: SpecState[] = [];
  const pendings: (readonly number[])[] = [];
  const parent: number[] = [];
  const keys: string[] = [];
  const edges: Edges = { from: [], to: [], perm: [] };
  const perms: (readonly number[])[] = [];
  const problems: { id: number; problem: string }[] = [];
  const add = (state: SpecState, pending: readonly number[], from: number): number => {
    const key = numbers.key(state, pending);
    let id = ids.get(key);
    if (id !== undefined) return id;
    id = states.length;
    ids.set(key, id);
    states.push(state);
    pendings.push(pending);
    parent.push(from);
    keys.push(key);
    for (const invariant of invariants) if (!invariant.holds(state)) problems.push({ id, problem: invariant.name });
    return id;
  };
  const reduce = reducer(bounds);
  const numbers = new ContextNumbers();
  const menu = menuOf(bounds, options);
  const start = reduce(initial(spec, options));
  permIndex(perms, Array.from({ length: bounds.processes }, (_, i) => i + 1)); // renaming 0: the identity
  add(start.state, [], -1);
  let transitions = 0;
  let halted = 0;
  let diameter = 0;
  let levelEnd = 1;
  let exhausted = true;
  for (let at = 0; at < states.length; at++) {
    if (at === levelEnd) {
      diameter++;
      levelEnd = states.length;
    }
    if (states.length >= bounds.maxStates) {
      exhausted = false;
      break;
    }
    const state = states[at]!;
    if (isHalted(state)) {
      halted++;
      continue;
    }
    let moves = 0;
    for (const { type, events } of menu.of(state)) {
      if (!typeEnabled(state, type)) continue;
      for (const event of events) {
        const next = tryStep(state, event, type);
        if (next === undefined) continue;
        moves++;
        transitions++;
        const pending = monitor(pendings[at]!, event);
        if (next.states === state.states && next.contexts.every((c, m) => c === state.contexts[m]) && pending === pendings[at]) {
          // A step that changes nothing (a host call the spec only tolerates): a loop, with no renaming to compute.
          edges.from.push(at);
          edges.to.push(at);
          edges.perm.push(0);
          continue;
        }
        const renamed = reduce(next);
        const to = add(renamed.state, renamePids(pending, renamed.pids), at);
        edges.from.push(at);
        edges.to.push(to);
        edges.perm.push(permIndex(perms, renamed.pids));
      }
    }
    if (moves === 0) problems.push({ id: at, problem: 'dead end' });
  }
  if (exhausted) {
    for (const { state, pid } of unansweredSyscalls(pendings, edges, perms, bounds.processes)) {
      problems.push({ id: state, problem: `unanswered syscall of pid ${pid}` });
    }
  }
  const counts: Record<string, number> = {};
  for (const { problem } of problems) {
    const kind = problem.replace(/ of pid \d+$/, '');
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return {
    states: states.length, transitions, diameter, exhausted, halted,
    counts,
    problems: firsts(problems).map(({ id, problem }) => witness(concretePath(spec, options, bounds, numbers, keys, parent, id), problem)),
  };
}
