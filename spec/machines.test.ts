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
import { allVariants, variantName } from './variant.ts';
import { explorationSeeds } from './paperPaths.ts';

describe.each(allVariants().map((v) => [variantName(v), v] as const))('spec of %s', (_name, variant) => {
  const spec = specOf(variant);
  const { reached } = explore(spec, { depth: 3, processes: 2, seeds: explorationSeeds(variant) });

  it('reaches every declared leaf state of every machine', () => {
    for (const [m, machine] of spec.machines.entries()) {
      const seen = new Set(reached.map((state) => machine.stateNames[state.states[m]!]));
      const missing = machine.stateNames.filter((name) => !seen.has(name));
      expect(missing, machine.name).toEqual([]);
    }
  });

  it('takes every declared transition of every machine on some candidate event', () => {
    const taken = new Set<Candidate>();
    for (const state of reached) {
      for (const event of candidateEvents(state)) {
        const t = typeIndexOf(event.type);
        for (const m of spec.listeners[t] ?? []) {
          const c = selectCandidate(spec.machines[m]!, state.states[m]!, state.contexts[m], event, t);
          if (c) taken.add(c);
        }
      }
    }
    for (const machine of spec.machines) {
      const declared = new Set(machine.candidates.flat());
      const untaken = [...declared].filter((c) => !taken.has(c)).map((c) => `${c.source || '(root)'} → ${c.guard?.name ?? 'unguarded'}`);
      expect([...new Set(untaken)], machine.name).toEqual([]);
    }
  });
});

describe('alphabets', () => {
  it('no machine handles event types outside its alphabet', () => {
    for (const v of allVariants()) {
      for (const [m, component] of specOf(v).components.entries()) {
        const machine = specOf(v).machines[m]!;
        machine.candidates.forEach((list, k) => {
          if (list.length > 0) expect(component.alphabet.map(typeIndexOf)).toContain(k % machine.listens.length);
        });
      }
    }
  });
});
