/**
 * Coverage of every spec machine, derived by exploring each variant's spec
 * (not by hand): every declared leaf state is reached, every declared
 * transition is taken by some candidate event in some reached state, and no
 * machine handles event types outside its alphabet. The exhaustive agreement
 * of the compiled tables with XState is `spec-faithful` (properties/).
 */
import { describe, expect, it } from 'vitest';
import { candidateEvents } from './candidateEvents.ts';
import { selectCandidate, specOf } from './stepper.ts';
import { explore } from './explore.ts';
import { typeIndexOf, type Candidate } from './compile.ts';
import { allVariants, SKAS0, variantName } from './variant.ts';
import { explorationSeeds } from './paperPaths.ts';

// skas0 twice: as the emulator records it (with accesses) and as a real VMM's trace is (without).
const explored = [...allVariants(), SKAS0].map((variant) => {
  const spec = specOf(variant);
  return { variant, spec, reached: explore(spec, { depth: 3, processes: 2, seeds: explorationSeeds(variant) }).reached };
}).concat([{ variant: SKAS0, spec: specOf(SKAS0), reached: explore(specOf(SKAS0), { depth: 2, processes: 2, seeds: explorationSeeds(SKAS0) }, { accesses: false }).reached }]);

describe.each(explored.map((e) => [variantName(e.variant), e] as const))('spec of %s', (_name, { spec, reached }) => {
  it('reaches every declared leaf state of every machine', () => {
    for (const [m, machine] of spec.machines.entries()) {
      const seen = new Set(reached.map((state) => machine.stateNames[state.states[m]!]));
      const missing = machine.stateNames.filter((name) => !seen.has(name));
      expect(missing, machine.name).toEqual([]);
    }
  });
});

describe('every declared transition', () => {
  // A machine is compiled once and shared by every variant that uses it, so a transition counts as taken when any
  // variant's exploration takes it (a remap variant never takes a per-space protection's switch-guest transitions).
  const taken = new Set<Candidate>();
  for (const { spec, reached } of explored) {
    for (const state of reached) {
      for (const event of candidateEvents(state)) {
        const t = typeIndexOf(event.type);
        for (const m of spec.listeners[t] ?? []) {
          const c = selectCandidate(spec.machines[m]!, state.states[m]!, state.contexts[m], event, t);
          if (c) taken.add(c);
        }
      }
    }
  }
  const machines = [...new Set(explored.flatMap((e) => e.spec.machines))];

  it.each(machines.map((m) => [m.name, m] as const))('of %s is taken on some candidate event in some variant', (_name, machine) => {
    const untaken = machine.candidates.flat().filter((c) => !taken.has(c)).map((c) => `${c.source || '(root)'} → ${c.guard?.name ?? 'unguarded'}`);
    expect([...new Set(untaken)]).toEqual([]);
  });
});

describe('alphabets', () => {
  it('no machine handles event types outside its alphabet', () => {
    for (const v of [...allVariants(), SKAS0]) {
      for (const [m, component] of specOf(v).components.entries()) {
        const machine = specOf(v).machines[m]!;
        machine.candidates.forEach((list, k) => {
          if (list.length > 0) expect(component.alphabet.map(typeIndexOf)).toContain(k % machine.listens.length);
        });
      }
    }
  });
});
