/**
 * Graph coverage of every spec machine, derived with xstate/graph (not by
 * hand): every declared state is reachable, every declared transition fires
 * on some generated path, and on every path the compiled table agrees with
 * XState step by step, for every event of the alphabet.
 */
import { describe, expect, it } from 'vitest';
import { getShortestPaths } from 'xstate/graph';
import type { AnyMachineSnapshot, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { representativesOf } from './alphabet.ts';
import { compileMachine, referenceInitial, referenceStep, REJECT, SYMBOL_INDEX, SYMBOLS, stateName } from './compile.ts';
import { symbolOf } from './alphabet.ts';
import { SPEC_COMPONENTS } from './components.ts';

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...(Object.values(node.states) as AnyStateNode[]).flatMap(allNodes)];
}

const leafName = (node: AnyStateNode): string => node.path.join('.');

describe.each(SPEC_COMPONENTS.map((c) => [c.name, c] as const))('machine %s', (_name, component) => {
  const { machine } = component;
  const events = representativesOf(component.alphabet);
  const paths = getShortestPaths(machine, { events, filterEvents: (snapshot, event) => (snapshot as AnyMachineSnapshot).can(event) });
  const leaves = allNodes(machine.root).filter((node) => Object.keys(node.states).length === 0);
  const declared = allNodes(machine.root).flatMap((node) => [...node.transitions.values()].flat());

  it('reaches every declared state', () => {
    const reached = new Set(paths.map((path) => stateName((path.state as AnyMachineSnapshot).value)));
    expect([...reached].sort()).toEqual(leaves.map(leafName).sort());
  });

  it('fires every declared transition on some path', () => {
    const fired = new Set<AnyTransitionDefinition>();
    for (const path of paths) {
      const snapshot = path.state as AnyMachineSnapshot;
      for (const event of events) {
        if (snapshot.can(event)) for (const t of machine.getTransitionData(snapshot, event)) fired.add(t);
      }
    }
    const unfired = declared.filter((t) => !fired.has(t)).map((t) => `${t.source.path.join('.')} on ${t.eventType}`);
    expect(unfired).toEqual([]);
  });

  it('only handles event types of its alphabet', () => {
    const handled = new Set(declared.map((t) => t.eventType));
    expect([...handled].filter((type) => !component.alphabet.includes(type as never))).toEqual([]);
  });

  it('compiles to a table that agrees with XState on every generated path, every event', () => {
    const compiled = compileMachine(component);
    const width = SYMBOLS.length;
    for (const path of paths) {
      let snapshot = referenceInitial(machine);
      let state = compiled.initial;
      const walk = [...path.steps.map((s) => s.event).filter((e) => e.type !== 'xstate.init'), undefined];
      for (const next of walk) {
        expect(compiled.stateNames[state]).toBe(stateName(snapshot.value));
        for (const event of events) {
          const ref = referenceStep(machine, snapshot, event);
          const to = compiled.table[state * width + SYMBOL_INDEX.get(symbolOf(event))!]!;
          expect(to === REJECT ? undefined : compiled.stateNames[to]).toBe(ref === undefined ? undefined : stateName(ref.value));
        }
        if (next === undefined) break;
        snapshot = referenceStep(machine, snapshot, next)!;
        state = compiled.table[state * width + SYMBOL_INDEX.get(symbolOf(next))!]!;
      }
    }
  });
});
