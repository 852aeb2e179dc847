/**
 * The pure stepping API over the spec of a variant. `initial(variant)` gives
 * the start state, `step(state, event)` the next state or a rejection that
 * names the machine, the state it was in, the relation that failed in words,
 * and what the composed spec would have accepted. An event no machine takes
 * is rejected, never ignored. A state is one control state and one context
 * per machine; the machines are compiled once per variant (`compile.ts`).
 */
import { symbolOf, type EventSymbol } from './alphabet.ts';
import { compileMachine, STAY, TYPE_COUNT, typeIndexOf, type Candidate, type CompiledMachine } from './compile.ts';
import { GUEST_CPU, variantComponents, type SpecComponent } from './components.ts';
import type { Why } from './relations/explain.ts';
import type { SpecEvent } from './types.ts';
import { briefEvent, candidateEvents } from './candidateEvents.ts';
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
  /** For each event type (by `TYPE_INDEX`), the indices of the machines that constrain it. */
  readonly listeners: readonly (readonly number[])[];
}

/** What a spec run starts from: the trace format version (1: no process creation, frames or access modes recorded). */
export interface StartOptions {
  readonly version?: number;
  /** Whether the trace records guest accesses (default true; a real VMM's trace does not). */
  readonly accesses?: boolean;
}

/** A state of a spec: one control state and one context per machine. */
export interface SpecState {
  readonly spec: VariantSpec;
  readonly states: readonly number[];
  readonly contexts: readonly unknown[];
}

/** Why an event was not accepted. */
export interface Rejection {
  /** The machine that refused (`protection/mprotect`), `alphabet` for an unknown event type, `variant` when no machine takes it. */
  readonly machine: string;
  /** The state it was in. */
  readonly state: string;
  readonly event: SpecEvent;
  readonly symbol: EventSymbol;
  /** The relations that failed, in words (empty when the state takes no event of this type at all). */
  readonly reasons: readonly Why[];
}

/** The result of one step. */
export type StepResult = { readonly ok: true; readonly state: SpecState } | { readonly ok: false; readonly rejection: Rejection };

const compiledMachines = new WeakMap<SpecComponent, CompiledMachine>();
const compiledSpecs = new Map<string, VariantSpec>();

function compiled(component: SpecComponent): CompiledMachine {
  let machine = compiledMachines.get(component);
  if (!machine) {
    machine = compileMachine(component);
    compiledMachines.set(component, machine);
  }
  return machine;
}

function compose(name: string, variant: Variant | undefined, components: readonly SpecComponent[]): VariantSpec {
  const key = `${variant === undefined ? 'spec' : 'variant'}:${name}`;
  const cached = compiledSpecs.get(key);
  if (cached && cached.components.every((c, i) => c === components[i])) return cached;
  const machines = components.map(compiled);
  const listeners = Array.from({ length: TYPE_COUNT }, (_, t) => machines.flatMap((machine, m) => (machine.listens[t] ? [m] : [])));
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

/** The initial state of a spec (given directly, or by its variant), for a trace of format `options.version` (default 2). */
export function initial(of: Variant | VariantSpec, options: StartOptions = {}): SpecState {
  const spec = specOfEither(of);
  const input = { version: options.version ?? 2, accesses: options.accesses ?? true };
  return { spec, states: spec.machines.map((machine) => machine.initial), contexts: spec.machines.map((machine) => machine.initialContext(input)) };
}

/** The candidate a machine takes from `state`/`context` on `event`, or undefined. */
export function selectCandidate(machine: CompiledMachine, state: number, context: unknown, event: SpecEvent, type: number): Candidate | undefined {
  const list = machine.candidates[state * TYPE_COUNT + type]!;
  if (list.length === 0) return undefined;
  const args = { context, event };
  for (const candidate of list) {
    if (candidate.guard === undefined || candidate.guard.fn(args, candidate.guard.params)) return candidate;
  }
  return undefined;
}

/** The context after `candidate`'s updates, applied in order as XState's `assign` does. */
export function applyUpdates(candidate: Candidate, context: unknown, event: SpecEvent): unknown {
  let next = context;
  for (const update of candidate.updates) {
    const patch = update.fn({ context: next, event }, update.params) as object;
    // An empty patch leaves the context as it was: keeping the same object lets searches see that nothing changed.
    for (const _ in patch) {
      next = { ...(next as object), ...patch };
      break;
    }
  }
  return next;
}

/** The target state of `candidate` taken from `state`. */
export const targetOf = (candidate: Candidate, state: number): number => (candidate.target === STAY ? state : candidate.target);

/** Why machine `machine` in `state`/`context` refuses `event`: the failed guards of its candidates, in words. */
export function reasonsOf(machine: CompiledMachine, state: number, context: unknown, event: SpecEvent): readonly Why[] {
  const type = typeIndexOf(event.type);
  const list = type < 0 ? [] : machine.candidates[state * TYPE_COUNT + type]!;
  const reasons: Why[] = [];
  for (const candidate of list) {
    if (candidate.guard === undefined) continue;
    const why = machine.explain(candidate.guard.name, { context, event }, candidate.guard.params);
    if (why !== undefined && !reasons.some((r) => r.text === why.text)) reasons.push(why);
  }
  return reasons;
}

/** The rejection of `event` by machine `m` of `state`'s spec: its state and the relations that failed. */
export function rejectionBy(m: number, state: SpecState, event: SpecEvent): Rejection {
  const { spec } = state;
  const machine = spec.machines[m]!;
  const s = state.states[m]!;
  return { machine: machine.name, state: machine.stateNames[s]!, event, symbol: symbolOf(event), reasons: reasonsOf(machine, s, state.contexts[m], event) };
}

/**
 * The state after `event`, or undefined when some machine refuses it: `step` without the rejection's explanation,
 * for searches that try many events and keep only those taken (explaining a refusal costs more than the step).
 */
export function tryStep(state: SpecState, event: SpecEvent, type = typeIndexOf(event.type)): SpecState | undefined {
  const { spec } = state;
  if (type < 0) return undefined;
  const listeners = spec.listeners[type]!;
  if (listeners.length === 0) return undefined;
  let states: number[] | undefined;
  let contexts: unknown[] | undefined;
  for (const m of listeners) {
    const from = state.states[m]!;
    const context = state.contexts[m];
    const candidate = selectCandidate(spec.machines[m]!, from, context, event, type);
    if (candidate === undefined) return undefined;
    const to = targetOf(candidate, from);
    if (to !== from) (states ??= [...state.states])[m] = to;
    if (candidate.updates.length > 0) (contexts ??= [...state.contexts])[m] = applyUpdates(candidate, context, event);
  }
  return { spec, states: states ?? state.states, contexts: contexts ?? state.contexts };
}

/** Steps the spec by one event. */
export function step(state: SpecState, event: SpecEvent): StepResult {
  const next = tryStep(state, event);
  if (next !== undefined) return { ok: true, state: next };
  const { spec } = state;
  const type = typeIndexOf(event.type);
  if (type < 0) return { ok: false, rejection: { machine: 'alphabet', state: '-', event, symbol: event.type, reasons: [] } };
  const listeners = spec.listeners[type]!;
  if (listeners.length === 0) return { ok: false, rejection: { machine: 'variant', state: '-', event, symbol: symbolOf(event), reasons: [] } };
  // The first machine that refuses, as the search above met it (the machines before it took the event, unchanged).
  const m = listeners.find((l) => selectCandidate(spec.machines[l]!, state.states[l]!, state.contexts[l], event, type) === undefined)!;
  return { ok: false, rejection: rejectionBy(m, state, event) };
}

/** The state of each machine, by machine name. */
export function describeState(state: SpecState): Readonly<Record<string, string>> {
  return Object.fromEntries(state.spec.machines.map((machine, m) => [machine.name, machine.stateNames[state.states[m]!]!]));
}

/** The context of each machine that has data, by machine name. */
export function describeContext(state: SpecState): Readonly<Record<string, unknown>> {
  return Object.fromEntries(
    state.spec.machines.flatMap((machine, m) => {
      const context = state.contexts[m];
      return context !== undefined && context !== null && Object.keys(context).length > 0 ? [[machine.name, context]] : [];
    }),
  );
}

/** True when the guest has halted: every machine that can end has ended. */
export function isHalted(state: SpecState): boolean {
  let any = false;
  for (const [m, machine] of state.spec.machines.entries()) {
    if (!machine.final.some(Boolean)) continue;
    any = true;
    if (!machine.final[state.states[m]!]) return false;
  }
  return any;
}

/** The outcome of running a whole sequence of events. */
export type RunResult =
  | { readonly ok: true; readonly state: SpecState }
  | { readonly ok: false; readonly index: number; readonly rejection: Rejection; readonly state: SpecState };

/** Steps `events` in order from `from` (default: the initial state for format version 2), stopping at the first rejection. */
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

/**
 * What the composed spec accepts from `state`, as brief event descriptions:
 * events that move some machine first, then those it merely tolerates; at most `limit`.
 */
export function acceptedHere(state: SpecState, limit = 12): readonly string[] {
  const moves: string[] = [];
  const stays: string[] = [];
  for (const event of candidateEvents(state)) {
    const result = step(state, event);
    if (!result.ok) continue;
    const brief = briefEvent(event);
    const list = result.state.states === state.states ? stays : moves;
    if (!list.includes(brief)) list.push(brief);
  }
  const all = [...moves, ...stays];
  return all.length > limit ? [...all.slice(0, limit), `… ${all.length - limit} more`] : all;
}
