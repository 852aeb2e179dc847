/**
 * Compiles an XState machine into a transition table over the finite
 * alphabet. The machine stays the single source of truth: the table is read
 * off it by exploring every reachable state with one representative event per
 * symbol through XState's own pure `transition()`. Stepping the table costs an
 * array lookup, where XState's `transition()` costs tens of microseconds.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type StateValue } from 'xstate';
import { REPRESENTATIVES, symbolOf, type EventSymbol } from './alphabet.ts';
import type { SpecComponent } from './components.ts';
import type { SpecEvent } from './types.ts';

/** Every symbol of the vocabulary, in a fixed order, with its representative event. */
export const SYMBOLS: readonly { readonly symbol: EventSymbol; readonly event: SpecEvent }[] = Object.values(REPRESENTATIVES)
  .flat()
  .map((event) => ({ symbol: symbolOf(event), event }));

/** The index of each symbol in `SYMBOLS`. */
export const SYMBOL_INDEX: ReadonlyMap<EventSymbol, number> = new Map(SYMBOLS.map((entry, index) => [entry.symbol, index]));

/** A table marker: the state does not accept the symbol. */
export const REJECT = -1;

/** A machine compiled to a table. */
export interface CompiledMachine {
  readonly name: string;
  /** State names (`kernel.hostcall.executing`), indexed by state number. */
  readonly stateNames: readonly string[];
  readonly initial: number;
  /** Which symbols (by index) this machine constrains. */
  readonly listens: readonly boolean[];
  /** `table[state * SYMBOLS.length + symbol]`: next state, or `REJECT`. */
  readonly table: Int32Array;
}

/** The dotted name of a (non-parallel) state value. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value)[0] ?? ['?', '?'];
  return inner === undefined ? key : `${key}.${stateName(inner)}`;
}

/** The state value of a dotted state name: the inverse of `stateName`. */
export function stateValueOf(name: string): StateValue {
  const [head, ...rest] = name.split('.');
  return rest.length === 0 ? head! : { [head!]: stateValueOf(rest.join('.')) };
}

/** XState's own verdict: may `snapshot` take `event`, and where to. The slow reference the table is built from. */
export function referenceStep(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: SpecEvent): AnyMachineSnapshot | undefined {
  if (snapshot.status !== 'active' || !snapshot.can(event)) return undefined;
  return transition(machine, snapshot, event)[0];
}

/** XState's initial snapshot of `machine`. */
export function referenceInitial(machine: AnyStateMachine): AnyMachineSnapshot {
  return initialTransition(machine)[0];
}

/** Compiles `component` by exploring its reachable states breadth first. */
export function compileMachine(component: SpecComponent): CompiledMachine {
  const { machine, alphabet } = component;
  const listens = SYMBOLS.map(({ event }) => alphabet.includes(event.type));
  const width = SYMBOLS.length;
  const snapshots: AnyMachineSnapshot[] = [referenceInitial(machine)];
  const index = new Map<string, number>([[stateName(snapshots[0]!.value), 0]]);
  const rows: number[] = [];
  for (let s = 0; s < snapshots.length; s++) {
    const snapshot = snapshots[s]!;
    for (let k = 0; k < width; k++) {
      const next = listens[k] ? referenceStep(machine, snapshot, SYMBOLS[k]!.event) : undefined;
      if (next === undefined) {
        rows.push(REJECT);
        continue;
      }
      const name = stateName(next.value);
      let target = index.get(name);
      if (target === undefined) {
        target = snapshots.length;
        index.set(name, target);
        snapshots.push(next);
      }
      rows.push(target);
    }
  }
  return {
    name: component.name,
    stateNames: snapshots.map((snapshot) => stateName(snapshot.value)),
    initial: 0,
    listens,
    table: Int32Array.from(rows),
  };
}
