/**
 * The compiled stepper against XState, state and data: on the paper's paths
 * and on every state a seeded exploration reaches, each machine's compiled
 * tables (its own guards and updates) give the same verdict, next state and
 * next context as XState's pure `transition()`.
 */
import { describe, expect, it } from 'vitest';
import { candidateEvents } from './candidateEvents.ts';
import { referenceInitial, referenceStep, stateName, stateValueOf, typeIndexOf } from './compile.ts';
import { explore } from './explore.ts';
import { explorationSeeds, nullSyscall, PAPER_PATHS } from './paperPaths.ts';
import { applyUpdates, describeState, guestCpuSpec, initial, run, selectCandidate, specOf, step, targetOf } from './stepper.ts';
import { allVariants, PRESETS, variantName } from './variant.ts';

describe('compiled stepper', () => {
  it.each(allVariants().map((v) => [variantName(v), v] as const))('agrees with XState, state and data, along the paper paths of %s', (_name, variant) => {
    const spec = specOf(variant);
    for (const path of Object.values(PAPER_PATHS)) {
      const snapshots = spec.components.map((c) => referenceInitial(c.machine, { version: 2 }));
      let state = initial(spec);
      for (const event of path(variant)) {
        const result = step(state, event);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        state = result.state;
        spec.components.forEach((c, m) => {
          if (!c.alphabet.includes(event.type)) return;
          snapshots[m] = referenceStep(c.machine, snapshots[m]!, event)!;
          expect(spec.machines[m]!.stateNames[state.states[m]!]).toBe(stateName(snapshots[m]!.value));
          expect(state.contexts[m]).toEqual(snapshots[m]!.context);
        });
      }
    }
  });

  it.each(allVariants().slice(0, 4).map((v) => [variantName(v), v] as const))('agrees with XState on every candidate in every explored state of %s', (_name, variant) => {
    const spec = specOf(variant);
    const { reached } = explore(spec, { depth: 1, processes: 2, seeds: explorationSeeds(variant) });
    let checked = 0;
    for (const state of reached.slice(0, 60)) {
      for (const event of candidateEvents(state)) {
        spec.components.forEach((c, m) => {
          if (!c.alphabet.includes(event.type)) return;
          const compiled = spec.machines[m]!;
          const snapshot = c.machine.resolveState({ value: stateValueOf(compiled.stateNames[state.states[m]!]!), context: state.contexts[m] as never });
          const reference = referenceStep(c.machine, snapshot, event);
          const candidate = selectCandidate(compiled, state.states[m]!, state.contexts[m], event, typeIndexOf(event.type));
          expect(candidate === undefined).toBe(reference === undefined);
          if (candidate && reference) {
            expect(compiled.stateNames[targetOf(candidate, state.states[m]!)]).toBe(stateName(reference.value));
            expect(applyUpdates(candidate, state.contexts[m], event)).toEqual(reference.context);
          }
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('is pure: stepping never changes the state it was given', () => {
    const before = initial(PRESETS.umlinux);
    const copy = JSON.stringify([before.states, before.contexts]);
    let state = before;
    for (const event of nullSyscall(PRESETS.umlinux)) {
      const result = step(state, event);
      if (!result.ok) throw new Error(result.rejection.state);
      state = result.state;
    }
    expect(JSON.stringify([before.states, before.contexts])).toBe(copy);
    expect(describeState(before)['guest-cpu']).toBe('kernel');
    expect(describeState(state)).toEqual({
      'guest-cpu': 'user',
      'mediation/ptrace-process': 'app',
      'protection/mprotect': 'user',
      'address-spaces/remap': 'live',
    });
  });
});

describe('composed specs', () => {
  it('the guest CPU alone accepts the guest-layer projection of a path, and refuses a bad one', () => {
    const projection = nullSyscall(PRESETS.umlinux).filter((e) => e.type.startsWith('guest.'));
    expect(projection.map((e) => e.type)).toEqual(['guest.spawn', 'guest.return', 'guest.syscall', 'guest.return']);
    expect(run(guestCpuSpec(), projection).ok).toBe(true);
    const bad = run(guestCpuSpec(), [...projection, { type: 'guest.return', pid: 1 }]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect([bad.rejection.machine, bad.rejection.state]).toEqual(['guest-cpu', 'user']);
  });

  it('caches one compiled spec per variant and per name', () => {
    expect(specOf(PRESETS.umlinux)).toBe(specOf({ ...PRESETS.umlinux }));
    expect(specOf(PRESETS.umlinux).name).toBe('ptrace-process/mprotect/remap');
    expect(guestCpuSpec().machines.map((m) => m.name)).toEqual(['guest-cpu']);
  });
});
