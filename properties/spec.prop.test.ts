/**
 * The spec properties over all 16 variants, at a small budget, with the
 * run's printed seed; a failure prints the command that replays it.
 */
import { describe, expect, it } from 'vitest';
import { allVariants, variantName } from '../spec/index.ts';
import { SPEC_PROPERTIES as ALL_PROPERTIES } from './registry.ts';
import { variantSubject } from './subject.ts';
import { propertySeed } from './seed.ts';

const seed = propertySeed();

describe.each(ALL_PROPERTIES.map((p) => [p.name, p] as const))('%s', (name, property) => {
  it.each(allVariants().map((v) => [variantName(v), v] as const))('holds on %s', (variant, v) => {
    const verdict = property.check({ subject: variantSubject(v), runs: 25, seed });
    if (!verdict.ok) {
      const path = verdict.path === undefined ? '' : ` --path '${verdict.path}'`;
      expect.fail(`${verdict.error}\n${verdict.counterexample}\nreplay: node bin/vmspec.js check --variant ${variant} --property ${name} --runs 25 --seed ${verdict.seed}${path}`);
    }
    expect(verdict.runs).toBeGreaterThan(0);
  });
});
