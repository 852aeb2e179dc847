/**
 * Pinned properties (issue 24, item 2): noninterference, refinement,
 * isolation and conformance each have at least three catalogued mutants
 * that they catch and no other emulator property does, so none of them can
 * become vacuous unnoticed. Fails if a pinned property stops catching its
 * mutants within the budget, or if another property starts catching one at
 * a small budget (then it no longer pins anything).
 */
import { describe, expect, it } from 'vitest';
import { huntMutant, meantProperty } from './mutants/huntMutant.ts';
import { PINNED_MUTANTS } from './mutants/pinnedMutants.ts';
import { MUTANTS, mutantSubject } from './mutants/mutantCatalog.ts';
import { EMULATOR_PROPERTIES } from './registry.ts';
import { propertySeed } from './seed.ts';

const seed = propertySeed();
const BUDGET = 200;
/** Runs each other property gets: enough to see it catch the mutant by accident, cheap enough for every run of the suite. */
const OTHERS_BUDGET = 20;
const PINNED = ['noninterference', 'refinement', 'isolation', 'conformance'];

describe('pinned properties', () => {
  it.each(PINNED)('%s has at least three catalogued pinned mutants', (property) => {
    const pinned = PINNED_MUTANTS.filter((m) => m.meantFor === property);
    expect(pinned.length).toBeGreaterThanOrEqual(3);
    for (const m of pinned) expect(MUTANTS).toContain(m);
  });

  it.each(PINNED_MUTANTS.map((m) => [m.name, m] as const))('%s: its property catches it, and no other does', (name, mutant) => {
    const hunt = huntMutant(mutant, { runs: BUDGET, seed }, [meantProperty(mutant)]);
    if (!hunt.caught) expect.fail(`${mutant.meantFor} no longer catches ${name} in ${BUDGET} runs (seed ${seed})`);
    const others = EMULATOR_PROPERTIES.filter((p) => p.name !== mutant.meantFor);
    const subject = mutantSubject(mutant);
    const alsoBy = others.filter((p) => !p.check({ subject, runs: OTHERS_BUDGET, seed }).ok);
    expect(alsoBy.map((p) => p.name), `seed ${seed}`).toEqual([]);
  });
});
