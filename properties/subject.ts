/**
 * What a property is checked on: a VMM built from a variant's parts (or from
 * parts a mutant or plug-in replaced), with the spec its traces must conform
 * to and the axis choices whose cost claims it makes.
 */
import type { InjectedBugs, VmmParts } from '../impl/index.ts';
import type { CostClaim } from './declaredClaims.ts';
import { specOf, variantName, type Variant, type VariantSpec } from '../spec/index.ts';

/** A VMM under check. */
export interface Subject {
  /** The variant's name, or the mutant's or plug-in's. */
  readonly name: string;
  /** The variant it is built from (and whose cost claims it makes). */
  readonly variant: Variant;
  /** How it changes the variant's standard parts, if it does. */
  readonly parts?: (standard: VmmParts) => VmmParts;
  /** The spec its traces must be accepted by. */
  readonly spec: VariantSpec;
  /** Bugs injected below the VMM (host memory paths, guest kernel), for mutants. */
  readonly bugs?: InjectedBugs;
  /** False: its runs are neither remembered nor taken from memory (a re-run to see whether a run depends on the runs before it). */
  readonly memo?: boolean;
  /** Cost claims of its own, checked by cost-claims beside the paper's for its variant (a plug-in's `costClaims`). */
  readonly claims?: readonly CostClaim[];
}

/** The subject of a plain variant. */
export function variantSubject(variant: Variant): Subject {
  return { name: variantName(variant), variant, spec: specOf(variant) };
}
