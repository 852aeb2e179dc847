/**
 * The emulator properties (isolation, equivalence, conformance, refinement,
 * cost claims) over all 16 variants at a small budget, with the run's printed
 * seed; a failure prints the command that replays it. Real skas0 (issue 13)
 * is a subject too, beyond the 16.
 */
import { describe, expect, it } from 'vitest';
import { resolveVariant } from '../impl/index.ts';
import { allVariants, variantName, type Variant } from '../spec/index.ts';
import { EMULATOR_PROPERTIES } from './registry.ts';
import { propertySeed } from './seed.ts';
import { variantSubject } from './subject.ts';

const seed = propertySeed();
const RUNS = 40;
const skas0 = resolveVariant('skas0');
if (!skas0.ok) throw new Error(skas0.error);
/** The 16 variants, then real skas0. */
const SUBJECTS: readonly Variant[] = [...allVariants(), skas0.variant];
describe.each(EMULATOR_PROPERTIES.map((p) => [p.name, p] as const))('%s', (name, property) => {
  it.each(SUBJECTS.map((v) => [variantName(v), v] as const))('holds on %s', (variant, v) => {
    const verdict = property.check({ subject: variantSubject(v), runs: RUNS, seed });
    if (!verdict.ok) {
      const path = verdict.path === undefined ? '' : ` --path '${verdict.path}'`;
      expect.fail(`${verdict.error}\n${verdict.counterexample}\nreplay: node bin/vmspec.js check --variant ${variant} --property ${name} --runs ${RUNS} --seed ${verdict.seed}${path}`);
    }
    expect(verdict.runs).toBe(RUNS);
  });
});
