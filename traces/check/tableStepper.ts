/**
 * The checker's fast path over the spec of one variant: the compiled tables
 * of spec/compile.ts stepped in place on a mutable state vector, one array
 * lookup per listening machine and no allocation per event. It must agree
 * with the pure `step()` of spec/stepper.ts; `tableStepper.test.ts` checks it.
 */
import { expectedSymbols, symbolOf, SYMBOLS, type Rejection, type SpecEvent, type SpecState, type VariantSpec } from '../../spec/index.ts';
// Not re-exported by spec/index.ts (yet): the table marker and the symbol numbering.
import { REJECT, SYMBOL_INDEX } from '../../spec/compile.ts';

/** `step` result: the event was accepted. */
export const ACCEPTED = -1;
/** `step` result: no machine of the variant listens to the symbol. */
export const NO_LISTENER = -2;
/** `step` result: the symbol is not in the alphabet at all. */
export const UNKNOWN_SYMBOL = -3;

/** A mutable position in the spec of one variant. */
export interface TableStepper {
  readonly spec: VariantSpec;
  /** The state number of each machine; changed in place by `step`. */
  readonly states: Int32Array;
  /**
   * Steps symbol number `k` (`-1` for a symbol outside the alphabet). Returns
   * `ACCEPTED`, or the index of the machine that refused (state unchanged),
   * or `NO_LISTENER` / `UNKNOWN_SYMBOL`.
   */
  step(k: number): number;
}

const WIDTH = SYMBOLS.length;

/** A stepper at `from` (default: the spec's initial state). */
export function tableStepper(spec: VariantSpec, from?: SpecState): TableStepper {
  const states = Int32Array.from(from?.states ?? spec.machines.map((machine) => machine.initial));
  const tables = spec.machines.map((machine) => machine.table);
  const listeners = spec.listeners.map((list) => Int32Array.from(list));
  const step = (k: number): number => {
    if (k < 0 || k >= WIDTH) return UNKNOWN_SYMBOL;
    const list = listeners[k]!;
    const n = list.length;
    if (n === 0) return NO_LISTENER;
    for (let i = 0; i < n; i++) {
      const m = list[i]!;
      if (tables[m]![states[m]! * WIDTH + k] === REJECT) return m;
    }
    for (let i = 0; i < n; i++) {
      const m = list[i]!;
      states[m] = tables[m]![states[m]! * WIDTH + k]!;
    }
    return ACCEPTED;
  };
  return { spec, states, step };
}

/** The state of a stepper as the pure API's `SpecState` (a copy). */
export function specStateOf(stepper: TableStepper): SpecState {
  return { spec: stepper.spec, states: Array.from(stepper.states) };
}

/** The rejection `step` reported as `outcome` for `event`, in the pure API's terms. */
export function rejectionOf(stepper: TableStepper, event: SpecEvent, outcome: number): Rejection {
  const symbol = symbolOf(event);
  if (outcome === UNKNOWN_SYMBOL) return { machine: 'alphabet', state: '-', event, symbol, expected: [] };
  if (outcome === NO_LISTENER) return { machine: 'variant', state: '-', event, symbol, expected: [] };
  const machine = stepper.spec.machines[outcome];
  if (machine === undefined) throw new Error(`bug: rejectionOf called with outcome ${outcome}`);
  const state = stepper.states[outcome]!;
  return { machine: machine.name, state: machine.stateNames[state]!, event, symbol, expected: expectedSymbols(machine, state) };
}

/** The symbols the whole spec accepts from the stepper's state (every listener must accept). */
export function acceptedBySpec(stepper: TableStepper): readonly string[] {
  const { spec, states } = stepper;
  return SYMBOLS.flatMap(({ symbol }, k) => {
    const list = spec.listeners[k]!;
    const accepted = list.length > 0 && list.every((m) => spec.machines[m]!.table[states[m]! * WIDTH + k] !== REJECT);
    return accepted ? [symbol] : [];
  });
}

/** The index of the first machine (in spec order) that listens to one of `symbols` (0 when none does). */
export function firstListener(stepper: TableStepper, symbols: readonly string[]): number {
  const listening = symbols.flatMap((symbol) => stepper.spec.listeners[SYMBOL_INDEX.get(symbol) ?? -1] ?? []);
  return listening.length === 0 ? 0 : Math.min(...listening);
}
