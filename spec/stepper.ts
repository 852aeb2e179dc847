/**
 * The pure stepping API over the spec of a variant. `initial(variant)` gives
 * the start state, `step(state, event)` the next state or a rejection that
 * names the machine, the state it was in and what that state would have
 * accepted. Unlike XState's default, an event no machine takes is rejected,
 * never ignored. Built on tables compiled once per variant (`compile.ts`).
 */
import { symbolOf, type EventSymbol } from './alphabet.ts';
import { compileMachine, REJECT, SYMBOL_INDEX, SYMBOLS, type CompiledMachine } from './compile.ts';
import { GUEST_CPU, variantComponents, type SpecComponent } from './components.ts';
import type { SpecEvent } from './types.ts';
import { variantName, type Variant } from './variant.ts';

/** A compiled spec: the product of some machines (those of a variant, or the guest CPU alone). */
export interface VariantSpec {
  /** The variant's name, or the name given to `composeSpec`. */
  readonly name: string;
  /** The variant it specifies, if it is a variant's spec. */
  readonly variant: Variant | undefined;
  /** The machines it was compiled from, in order (the XState source of `machines`). */
  readonly components: readonly SpecComponent[];
  readonly machines: readonly CompiledMachine[];
  /** For each symbol, the indices of the machines that constrain it. */
  readonly listeners: readonly (readonly number[])[];
}

/** A state of a variant's spec: one state number per machine. */
export interface SpecState {
  readonly spec: VariantSpec;
  readonly states: readonly number[];
}

/** Why an event was not accepted. */
export interface Rejection {
  /** The machine that refused (`protection/mprotect`), or `alphabet` for an event no machine knows. */
  readonly machine: string;
  /** The state it was in. */
  readonly state: string;
  readonly event: SpecEvent;
  readonly symbol: EventSymbol;
  /** The symbols that state would have accepted. */
  readonly expected: readonly EventSymbol[];
}

/** The result of one step. */
export type StepResult = { readonly ok: true; readonly state: SpecState } | { readonly ok: false; readonly rejection: Rejection };

const compiledMachines = new Map<string, CompiledMachine>();
const compiledSpecs = new Map<string, VariantSpec>();

function compiled(component: SpecComponent): CompiledMachine {
  let machine = compiledMachines.get(component.name);
  if (!machine) {
    machine = compileMachine(component);
    compiledMachines.set(component.name, machine);
  }
  return machine;
}

function compose(name: string, variant: Variant | undefined, components: readonly SpecComponent[]): VariantSpec {
  const key = `${variant === undefined ? 'spec' : 'variant'}:${name}`;
  const cached = compiledSpecs.get(key);
  if (cached) return cached;
  const machines = components.map(compiled);
  const listeners = SYMBOLS.map((_, k) => machines.flatMap((machine, m) => (machine.listens[k] ? [m] : [])));
  const spec: VariantSpec = { name, variant, components, machines, listeners };
  compiledSpecs.set(key, spec);
  return spec;
}

/** The compiled spec of `variant` (compiled once, then cached). */
export function specOf(variant: Variant): VariantSpec {
  return compose(variantName(variant), variant, variantComponents(variant));
}

/** The compiled product of `components` under `name` (cached by name). */
export function composeSpec(name: string, components: readonly SpecComponent[]): VariantSpec {
  return compose(name, undefined, components);
}

/** The spec of the abstract guest CPU alone: what a trace's guest-layer projection must refine to. */
export function guestCpuSpec(): VariantSpec {
  return composeSpec('guest-cpu', [GUEST_CPU]);
}

const specOfEither = (of: Variant | VariantSpec): VariantSpec => ('machines' in of ? of : specOf(of));

/** The initial state of a spec (given directly, or by its variant). */
export function initial(of: Variant | VariantSpec): SpecState {
  const spec = specOfEither(of);
  return { spec, states: spec.machines.map((machine) => machine.initial) };
}

/** True when every state of `machine` passes symbol `k` by without moving: the machine ignores it everywhere. */
function inert(machine: CompiledMachine, k: number): boolean {
  const width = SYMBOLS.length;
  for (let s = 0; s < machine.stateNames.length; s++) if (machine.table[s * width + k] !== s) return false;
  return true;
}

/**
 * What a rejection lists: the symbols the state accepts, less those the
 * machine ignores in every state, with those that leave the state first (the
 * step a trace most likely missed, ahead of events the state merely tolerates).
 */
export function expectedSymbols(machine: CompiledMachine, state: number): readonly EventSymbol[] {
  const width = SYMBOLS.length;
  const moves: EventSymbol[] = [];
  const stays: EventSymbol[] = [];
  SYMBOLS.forEach(({ symbol }, k) => {
    const to = machine.table[state * width + k];
    if (to === REJECT || inert(machine, k)) return;
    (to === state ? stays : moves).push(symbol);
  });
  return [...moves, ...stays];
}

/** The symbols machine `machine` accepts in its state `state`. */
export function acceptedSymbols(machine: CompiledMachine, state: number): readonly EventSymbol[] {
  const width = SYMBOLS.length;
  return SYMBOLS.flatMap(({ symbol }, k) => (machine.table[state * width + k] !== REJECT ? [symbol] : []));
}

/** Steps the spec by one event. */
export function step(state: SpecState, event: SpecEvent): StepResult {
  const { spec } = state;
  const symbol = symbolOf(event);
  const k = SYMBOL_INDEX.get(symbol);
  if (k === undefined) {
    return { ok: false, rejection: { machine: 'alphabet', state: '-', event, symbol, expected: [] } };
  }
  const listeners = spec.listeners[k]!;
  if (listeners.length === 0) {
    return { ok: false, rejection: { machine: 'variant', state: '-', event, symbol, expected: [] } };
  }
  const width = SYMBOLS.length;
  let next: number[] | undefined;
  for (const m of listeners) {
    const machine = spec.machines[m]!;
    const from = state.states[m]!;
    const to = machine.table[from * width + k]!;
    if (to === REJECT) {
      return {
        ok: false,
        rejection: { machine: machine.name, state: machine.stateNames[from]!, event, symbol, expected: expectedSymbols(machine, from) },
      };
    }
    if (to !== from) {
      next ??= [...state.states];
      next[m] = to;
    }
  }
  return { ok: true, state: next ? { spec, states: next } : state };
}

/** The state of each machine, by machine name. */
export function describeState(state: SpecState): Readonly<Record<string, string>> {
  return Object.fromEntries(state.spec.machines.map((machine, m) => [machine.name, machine.stateNames[state.states[m]!]!]));
}

/** The outcome of running a whole sequence of events. */
export type RunResult =
  | { readonly ok: true; readonly state: SpecState }
  | { readonly ok: false; readonly index: number; readonly rejection: Rejection; readonly state: SpecState };

/** Steps `events` in order from `from` (default: the initial state), stopping at the first rejection. */
export function run(of: Variant | VariantSpec, events: Iterable<SpecEvent>, from: SpecState = initial(of)): RunResult {
  let state = from;
  let index = 0;
  for (const event of events) {
    const result = step(state, event);
    if (!result.ok) return { ok: false, index, rejection: result.rejection, state };
    state = result.state;
    index++;
  }
  return { ok: true, state };
}
