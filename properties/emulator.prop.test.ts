/**
 * The emulator properties (isolation, equivalence, conformance, refinement,
 * cost claims) over all 16 variants at a small budget, with the run's printed
 * seed; a failure prints the command that replays it.
 */
import { describe, expect, it } from 'vitest';
import { allVariants, variantName } from '../spec/index.ts';
import { EMULATOR_PROPERTIES } from './registry.ts';
import { propertySeed } from './seed.ts';
import { variantSubject } from './subject.ts';

const seed = propertySeed();
const RUNS = 40;

describe.each(EMULATOR_PROPERTIES.map((p) => [p.name, p] as const))('%s', (name, property) => {
  it.each(allVariants().map((v) => [variantName(v), v] as const))('holds on %s', (variant, v) => {
    const verdict = property.check({ subject: variantSubject(v), runs: RUNS, seed });
    if (!verdict.ok) {
      const path = verdict.path === undefined ? '' : ` --path '${verdict.path}'`;
      expect.fail(`${verdict.error}\n${verdict.counterexample}\nreplay: node bin/vmspec.js check --variant ${variant} --property ${name} --runs ${RUNS} --seed ${verdict.seed}${path}`);
    }
    expect(verdict.runs).toBe(RUNS);
  });
});
