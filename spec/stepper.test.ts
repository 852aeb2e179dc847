/**
 * The compiled stepper against XState on random concrete events: in every
 * reachable state of every machine, a random event (random addresses, page
 * counts, pids, …) gets the same verdict and the same next state from the
 * table as from XState itself. This is what justifies compiling over symbols:
 * no guard reads more of an event than its symbol.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { specEventArbitrary } from '../properties/arbitraries/specEventArbitrary.ts';
import { propertySeed } from '../properties/seed.ts';
import { symbolOf } from './alphabet.ts';
import { compileMachine, REJECT, referenceStep, stateName, stateValueOf, SYMBOL_INDEX, SYMBOLS } from './compile.ts';
import { SPEC_COMPONENTS } from './components.ts';
import { nullSyscall } from './paperPaths.ts';
import { describeState, guestCpuSpec, initial, run, specOf, step } from './stepper.ts';
import { PRESETS } from './variant.ts';

describe('compiled stepper', () => {
  it('knows a symbol for every concrete event', () => {
    fc.assert(fc.property(specEventArbitrary, (event) => SYMBOL_INDEX.has(symbolOf(event))), { seed: propertySeed(), numRuns: 2000 });
  });

  it.each(SPEC_COMPONENTS.map((c) => [c.name, c] as const))('agrees with XState on random events in every state of %s', (_name, component) => {
    const compiled = compileMachine(component);
    const width = SYMBOLS.length;
    fc.assert(
      fc.property(fc.nat({ max: compiled.stateNames.length - 1 }), specEventArbitrary, (state, event) => {
        const snapshot = component.machine.resolveState({ value: stateValueOf(compiled.stateNames[state]!), context: {} });
        const listens = component.alphabet.includes(event.type);
        const reference = listens ? referenceStep(component.machine, snapshot, event) : undefined;
        const to = compiled.table[state * width + SYMBOL_INDEX.get(symbolOf(event))!]!;
        expect(to === REJECT ? undefined : compiled.stateNames[to]).toBe(reference === undefined ? undefined : stateName(reference.value));
      }),
      { seed: propertySeed(), numRuns: 3000 },
    );
  });

  it('is pure: stepping never changes the state it was given', () => {
    const before = initial(PRESETS.umlinux);
    const copy = [...before.states];
    let state = before;
    for (const event of nullSyscall(PRESETS.umlinux)) {
      const result = step(state, event);
      if (!result.ok) throw new Error(result.rejection.state);
      state = result.state;
    }
    expect(before.states).toEqual(copy);
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
    expect(projection.map((e) => e.type)).toEqual(['guest.return', 'guest.syscall', 'guest.return']);
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
