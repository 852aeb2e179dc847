import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allVariants, initial, PAPER_PATHS, specOf, step, variantName, type SpecEvent, type SpecState, type Variant } from '../../spec/index.ts';
import { specEventArbitrary } from '../internal/eventArbitrary.ts';
import { propertySeed as testSeed } from '../../properties/seed.ts';
import { ACCEPTED, rejectionOf, specStateOf, tableStepper } from './tableStepper.ts';

/** Steps both ways over `events`; returns what happened at the first rejection (or the end). */
function compare(variant: Variant, events: readonly SpecEvent[]): void {
  let pure: SpecState = initial(variant);
  const fast = tableStepper(specOf(variant));
  for (const event of events) {
    const expected = step(pure, event);
    const outcome = fast.step(event);
    expect(outcome === ACCEPTED).toBe(expected.ok);
    if (!expected.ok) {
      expect(rejectionOf(fast, event, outcome)).toEqual(expected.rejection);
      expect(specStateOf(fast).states).toEqual(pure.states);
      expect(specStateOf(fast).contexts).toEqual(pure.contexts);
      return;
    }
    pure = expected.state;
    expect(specStateOf(fast).states).toEqual(pure.states);
    expect(specStateOf(fast).contexts).toEqual(pure.contexts);
  }
}

describe('the table stepper agrees with the pure step()', () => {
  it('on every paper path of every variant, event by event', () => {
    for (const variant of allVariants()) {
      for (const path of Object.values(PAPER_PATHS)) compare(variant, path(variant));
    }
  });

  it('on random event sequences, spliced into paper paths, for every variant', () => {
    const variants = allVariants();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: variants.length - 1 }),
        fc.constantFrom(...Object.values(PAPER_PATHS)),
        fc.nat(),
        fc.array(specEventArbitrary, { maxLength: 6 }),
        (v, path, cut, noise) => {
          const variant = variants[v]!;
          const events = path(variant);
          const at = cut % (events.length + 1);
          compare(variant, [...events.slice(0, at), ...noise, ...events.slice(at)]);
        },
      ),
      { seed: testSeed(), numRuns: 400 },
    );
  });

  it('leaves the state unchanged when a machine refuses', () => {
    const variant = allVariants()[0]!;
    const fast = tableStepper(specOf(variant));
    const before = Array.from(fast.states);
    expect(fast.step({ type: 'guest.return', pid: 7 })).not.toBe(ACCEPTED);
    expect(Array.from(fast.states)).toEqual(before);
    expect(variantName(variant)).toBe(specOf(variant).name);
  });
});
