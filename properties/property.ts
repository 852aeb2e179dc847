/**
 * What a vmspec property is: a named, documented check of one variant, run
 * with a budget and a seed, that returns a verdict (never throws for a
 * failing check). The CLI's `check` and the vitest suites run the same ones.
 */
import type { Variant } from '../spec/index.ts';

/** How a property is run. */
export interface PropertyRun {
  readonly variant: Variant;
  /** How many random cases to try (deterministic properties may ignore it). */
  readonly runs: number;
  readonly seed: number;
  /** fast-check's replay path of a counterexample, to replay one failure directly. */
  readonly path?: string;
}

/** The verdict of one property on one variant. */
export type PropertyVerdict =
  | { readonly ok: true; readonly runs: number }
  | {
      readonly ok: false;
      readonly runs: number;
      /** The shrunk counterexample, printable. */
      readonly counterexample: string;
      readonly seed: number;
      readonly path: string | undefined;
      readonly error: string;
    };

/** A named property of the vmspec suites. */
export interface VmspecProperty {
  /** A short kebab-case name (`spec-paper-paths`). */
  readonly name: string;
  /** One sentence: what holds when it passes. */
  readonly description: string;
  readonly check: (run: PropertyRun) => PropertyVerdict;
}
