/**
 * The checker's fast path over the spec of one variant: the compiled control
 * tables and the machines' own guards and updates, stepped in place on a
 * mutable state vector and context array. It must agree with the pure
 * `step()` of spec/stepper.ts; `tableStepper.test.ts` checks it.
 */
import {
  acceptedHere, applyUpdates, initial, rejectionBy, selectCandidate, STAY, symbolOf, TYPE_INDEX,
  type Candidate, type Rejection, type SpecEvent, type SpecState, type StartOptions, type VariantSpec,
} from '../../spec/index.ts';

/** `step` result: the event was accepted. */
export const ACCEPTED = -1;
/** `step` result: no machine of the variant listens to the event type. */
export const NO_LISTENER = -2;
/** `step` result: the event type is not in the vocabulary at all. */
export const UNKNOWN_SYMBOL = -3;

/** A mutable position in the spec of one variant. */
export interface TableStepper {
  readonly spec: VariantSpec;
  /** The state number of each machine; changed in place by `step`. */
  readonly states: Int32Array;
  /** The context of each machine; replaced in place by `step`. */
  readonly contexts: unknown[];
  /**
   * Steps `event`. Returns `ACCEPTED`, or the index of the machine that
   * refused (state unchanged), or `NO_LISTENER` / `UNKNOWN_SYMBOL`.
   */
  step(event: SpecEvent): number;
}

/** A stepper at `from` (default: the spec's initial state for `options`). */
export function tableStepper(spec: VariantSpec, from?: SpecState, options: StartOptions = {}): TableStepper {
  const start = from ?? initial(spec, options);
  const states = Int32Array.from(start.states);
  const contexts = [...start.contexts];
  const machines = spec.machines;
  const listeners = spec.listeners.map((list) => Int32Array.from(list));
  const chosen: (Candidate | undefined)[] = new Array(machines.length);
  const step = (event: SpecEvent): number => {
    const t = TYPE_INDEX.get(event.type);
    if (t === undefined) return UNKNOWN_SYMBOL;
    const list = listeners[t]!;
    const n = list.length;
    if (n === 0) return NO_LISTENER;
    for (let i = 0; i < n; i++) {
      const m = list[i]!;
      const candidate = selectCandidate(machines[m]!, states[m]!, contexts[m], event, t);
      if (candidate === undefined) return m;
      chosen[i] = candidate;
    }
    for (let i = 0; i < n; i++) {
      const m = list[i]!;
      const candidate = chosen[i]!;
      if (candidate.target !== STAY) states[m] = candidate.target;
      if (candidate.updates.length > 0) contexts[m] = applyUpdates(candidate, contexts[m], event);
    }
    return ACCEPTED;
  };
  return { spec, states, contexts, step };
}

/** The state of a stepper as the pure API's `SpecState` (a copy). */
export function specStateOf(stepper: TableStepper): SpecState {
  return { spec: stepper.spec, states: Array.from(stepper.states), contexts: [...stepper.contexts] };
}

/** The rejection `step` reported as `outcome` for `event`, in the pure API's terms. */
export function rejectionOf(stepper: TableStepper, event: SpecEvent, outcome: number): Rejection {
  const symbol = symbolOf(event);
  if (outcome === UNKNOWN_SYMBOL) return { machine: 'alphabet', state: '-', event, symbol, reasons: [] };
  if (outcome === NO_LISTENER) return { machine: 'variant', state: '-', event, symbol, reasons: [] };
  if (stepper.spec.machines[outcome] === undefined) throw new Error(`bug: rejectionOf called with outcome ${outcome}`);
  return rejectionBy(outcome, specStateOf(stepper), event);
}

/** What the whole spec accepts from the stepper's state (every listener must accept), briefly. */
export function acceptedBySpec(stepper: TableStepper): readonly string[] {
  return acceptedHere(specStateOf(stepper));
}
