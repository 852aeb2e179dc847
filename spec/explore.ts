/**
 * Breadth-first exploration of a spec: control states × data, from the
 * initial state, over the events `candidateEvents` proposes, within bounds
 * (search depth, highest pid and address space). It reports what TLC would:
 * distinct states, transitions, dead ends (states other than halted that take
 * no event at all) and, for each, the shortest event path that reaches it,
 * so that `conform` can replay it as a trace.
 */
import { candidateEvents } from './candidateEvents.ts';
import { initial, isHalted, step, type SpecState, type StartOptions, type VariantSpec } from './stepper.ts';
import type { SpecEvent } from './types.ts';

/** How far to look. */
export interface ExploreBounds {
  /**
   * Event paths whose every prefix state also starts the search (the paper's
   * paths, say): breadth-first search from the initial state alone drowns in
   * the interleavings of boot before it reaches user mode, so the search is
   * seeded along known paths and branches out `depth` events from each point.
   */
  readonly seeds?: readonly (readonly SpecEvent[])[];
  /** Longest event path explored. */
  readonly depth: number;
  /** Highest pid (and address-space number + 1) an event may name. */
  readonly processes: number;
  /** Stop after this many distinct states. */
  readonly maxStates?: number;
}

/** A state found, with the shortest path to it. */
export interface Found {
  readonly state: SpecState;
  readonly path: readonly SpecEvent[];
}

/** A property every reachable state must have; `holds` reads the machines' states and data. */
export interface StateInvariant {
  readonly name: string;
  readonly description: string;
  readonly holds: (state: SpecState) => boolean;
}

/** A reachable state that breaks an invariant. */
export interface Violation extends Found {
  readonly invariant: string;
}

/** What exploration found. */
export interface Exploration {
  readonly states: number;
  readonly transitions: number;
  /** Deepest level completed. */
  readonly depth: number;
  /** True when the bounds, not the state space, ended the search. */
  readonly bounded: boolean;
  readonly deadEnds: readonly Found[];
  readonly violations: readonly Violation[];
  readonly halted: number;
  /** Every distinct state reached (for exhaustive checks over them). */
  readonly reached: readonly SpecState[];
}

/** A key that identifies a state by value. */
export const stateKey = (state: SpecState): string => JSON.stringify([state.states, state.contexts]);

function withinBounds(event: SpecEvent, processes: number): boolean {
  const e = event as Record<string, unknown>;
  for (const key of ['pid', 'to', 'from', 'parent']) if (typeof e[key] === 'number' && (e[key] as number) > processes) return false;
  if (typeof e['asid'] === 'number' && (e['asid'] as number) >= processes) return false;
  return true;
}

/** Explores `spec` within `bounds`, checking `invariants` in every state reached. */
export function explore(spec: VariantSpec, bounds: ExploreBounds, options: StartOptions = {}, invariants: readonly StateInvariant[] = []): Exploration {
  const start = initial(spec, options);
  const parents = new Map<string, { readonly from: string | undefined; readonly event: SpecEvent | undefined; readonly state: SpecState }>();
  parents.set(stateKey(start), { from: undefined, event: undefined, state: start });
  let frontier = [stateKey(start)];
  const seeds = bounds.seeds ?? [];
  for (const seed of seeds) {
    let state = start;
    let key = stateKey(start);
    for (const event of seed) {
      const result = step(state, event);
      if (!result.ok) break;
      const next = stateKey(result.state);
      if (!parents.has(next)) {
        parents.set(next, { from: key, event, state: result.state });
        frontier.push(next);
      }
      state = result.state;
      key = next;
    }
  }
  let transitions = 0;
  let depth = 0;
  let halted = 0;
  let bounded = false;
  const deadEnds: string[] = [];
  const broken: { key: string; invariant: string }[] = [];
  const limit = bounds.maxStates ?? 200_000;
  const check = (key: string, state: SpecState): void => {
    for (const invariant of invariants) if (!invariant.holds(state)) broken.push({ key, invariant: invariant.name });
  };
  for (const key of frontier) check(key, parents.get(key)!.state);
  while (frontier.length > 0) {
    if (depth >= bounds.depth || parents.size >= limit) {
      bounded = true;
      break;
    }
    const next: string[] = [];
    for (const key of frontier) {
      const { state } = parents.get(key)!;
      if (isHalted(state)) {
        halted++;
        continue;
      }
      let moves = 0;
      for (const event of candidateEvents(state)) {
        if (!withinBounds(event, bounds.processes)) continue;
        const result = step(state, event);
        if (!result.ok) continue;
        moves++;
        transitions++;
        const to = stateKey(result.state);
        if (!parents.has(to)) {
          parents.set(to, { from: key, event, state: result.state });
          next.push(to);
          check(to, result.state);
        }
      }
      if (moves === 0) deadEnds.push(key);
    }
    frontier = next;
    depth++;
  }
  const pathTo = (key: string): SpecEvent[] => {
    const path: SpecEvent[] = [];
    for (let at = parents.get(key); at?.event !== undefined; at = parents.get(at.from!)) path.unshift(at.event);
    return path;
  };
  return {
    states: parents.size,
    transitions,
    depth,
    bounded,
    deadEnds: deadEnds.map((key) => ({ state: parents.get(key)!.state, path: pathTo(key) })),
    violations: broken.map(({ key, invariant }) => ({ invariant, state: parents.get(key)!.state, path: pathTo(key) })),
    halted,
    reached: [...parents.values()].map((entry) => entry.state),
  };
}
