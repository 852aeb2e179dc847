/**
 * Faithfulness of a compiled spec: in every reachable state of every machine
 * of the subject's spec, a random concrete event gets the same verdict and
 * next state from the compiled table as from the XState machine itself. It
 * fails when a guard reads more of an event than its symbol (a pid, an exact
 * address): the table would then judge traces by the wrong rule. The standard
 * machines pass by construction; a plug-in's spec fragment may not.
 */
import fc from 'fast-check';
import { REJECT, SYMBOL_INDEX, SYMBOLS, referenceStep, stateName, stateValueOf, symbolOf } from '../spec/index.ts';
import { specEventArbitrary } from './arbitraries/specEventArbitrary.ts';
import { fastCheckVerdict, Violation } from './fastCheckVerdict.ts';
import type { VmspecProperty } from './property.ts';

/** The spec-faithful property. */
export const specFaithful: VmspecProperty = {
  name: 'spec-faithful',
  group: 'spec',
  description: "The subject's compiled spec tables judge random concrete events exactly as its XState machines do.",
  check: (run) => {
    const { spec } = run.subject;
    const pick = fc.tuple(fc.nat({ max: spec.components.length - 1 }), fc.nat(), specEventArbitrary);
    return fastCheckVerdict(
      fc.property(pick, ([m, s, event]) => {
        const component = spec.components[m]!;
        const compiled = spec.machines[m]!;
        if (!component.alphabet.includes(event.type)) return;
        const state = s % compiled.stateNames.length;
        const snapshot = component.machine.resolveState({ value: stateValueOf(compiled.stateNames[state]!), context: {} });
        const reference = referenceStep(component.machine, snapshot, event);
        const to = compiled.table[state * SYMBOLS.length + SYMBOL_INDEX.get(symbolOf(event))!]!;
        const tableSays = to === REJECT ? 'rejects' : `goes to ${compiled.stateNames[to]}`;
        const xstateSays = reference === undefined ? 'rejects' : `goes to ${stateName(reference.value)}`;
        if (tableSays !== xstateSays) {
          throw new Violation(`${component.name} in ${compiled.stateNames[state]}: the table ${tableSays} but XState ${xstateSays} on ${JSON.stringify(event)} (a guard reads more than the symbol ${symbolOf(event)})`);
        }
      }),
      run,
      ([[m, s, event]]) => `machine #${m}, state #${s}, event ${JSON.stringify(event)}`,
    );
  },
};
