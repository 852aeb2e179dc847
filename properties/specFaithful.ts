/**
 * Faithfulness of a compiled spec, checked exhaustively: the subject's spec is
 * explored breadth first two events around the paper's paths and each host
 * call (`explorationSeeds`), and in every distinct state and
 * data of every machine reached, every candidate event gets the same verdict,
 * next state and next data from the compiled tables as from the XState machine
 * itself (`transition()`). Not a random draw: a guard or update the tables
 * reproduce wrongly in any reached state, on any candidate, fails every run.
 */
import { candidateEvents, explorationSeeds, SPEC_COMPONENTS, referenceStep, selectCandidate, applyUpdates, stateName, stateValueOf, targetOf, typeIndexOf } from '../spec/index.ts';
import { explore } from '../spec/explore.ts';
import type { VmspecProperty } from './property.ts';
import type { SpecComponent } from '../spec/index.ts';

/** Exploration bounds of the check (small: the point is every state and event within them). */
export const FAITHFUL_BOUNDS = { depth: 2, processes: 2 } as const;

/** Components already found faithful in this process, with the checks that showed it (the standard machines are shared by every variant). */
const faithful = new WeakMap<SpecComponent, number>();

/**
 * The spec-faithful property. A plug-in's run checks only its own spec
 * fragments (the standard machines are checked by `vmspec check` and the
 * tests); a component found faithful once is not checked again in the process.
 */
export const specFaithful: VmspecProperty = {
  name: 'spec-faithful',
  group: 'spec',
  slow: true,
  description: "In every state its exploration reaches, the subject's compiled spec judges every candidate event as its XState machines do.",
  notApplicable: (subject) => subject.parts === undefined || subject.spec.components.some((component) => !SPEC_COMPONENTS.includes(component))
    ? undefined : 'no spec machines of its own: the standard ones are checked by vmspec check',
  check: (run) => {
    const { spec } = run.subject;
    const fragments = spec.components.filter((component) => !SPEC_COMPONENTS.includes(component));
    const subjects = fragments.length > 0 ? fragments : spec.components;
    const targets = new Set(subjects.filter((component) => !faithful.has(component)));
    const seen = new Set<string>();
    const checksOf = new Map<SpecComponent, number>();
    let checks = 0;
    const reached = targets.size === 0 ? [] : explore(spec, { ...FAITHFUL_BOUNDS, seeds: explorationSeeds(run.subject.variant) }).reached;
    for (const global of reached) {
      const events = candidateEvents(global);
      for (const [m, component] of spec.components.entries()) {
        if (!targets.has(component)) continue;
        const compiled = spec.machines[m]!;
        const state = global.states[m]!;
        const context = global.contexts[m];
        const key = `${m}|${state}|${JSON.stringify(context)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const snapshot = component.machine.resolveState({ value: stateValueOf(compiled.stateNames[state]!), context: context as never });
        for (const event of events) {
          if (!component.alphabet.includes(event.type)) continue;
          checks++;
          checksOf.set(component, (checksOf.get(component) ?? 0) + 1);
          const candidate = selectCandidate(compiled, state, context, event, typeIndexOf(event.type));
          const mine = candidate === undefined ? 'rejects' : JSON.stringify([compiled.stateNames[targetOf(candidate, state)], applyUpdates(candidate, context, event)]);
          const next = referenceStep(component.machine, snapshot, event);
          const theirs = next === undefined ? 'rejects' : JSON.stringify([stateName(next.value), next.context]);
          if (mine !== theirs) {
            return {
              ok: false, runs: checks, seed: 0, path: undefined,
              counterexample: `${component.name} in ${compiled.stateNames[state]} with ${JSON.stringify(context)} on ${JSON.stringify(event)}`,
              error: `the compiled tables give ${mine} but XState gives ${theirs}`,
            };
          }
        }
      }
    }
    for (const component of targets) faithful.set(component, checksOf.get(component) ?? 0);
    // Runs: the (state, event) pairs that show the subject's components faithful, now or earlier in this process.
    return { ok: true, runs: subjects.reduce((sum, component) => sum + (faithful.get(component) ?? 0), 0) };
  },
};
