/**
 * What a vmspec property is: a named, documented check of one subject (a
 * variant, a mutant, a plug-in), run with a budget and a seed, that returns a
 * verdict (never throws for a failing check). The CLI's `check` and the
 * vitest suites run the same ones.
 */
import type { Scenario } from './arbitraries/workloadArbitrary.ts';
import type { Subject } from './subject.ts';

/** How a property is run. */
export interface PropertyRun {
  readonly subject: Subject;
  /** How many random cases to try (deterministic properties may ignore it). */
  readonly runs: number;
  readonly seed: number;
  /** fast-check's replay path of a counterexample, to replay one failure directly. */
  readonly path?: string;
}

/** A failed property's evidence. */
export interface PropertyFailure {
  readonly ok: false;
  /** Cases tried, up to and including the first failure. */
  readonly runs: number;
  /** The shrunk counterexample, printable. */
  readonly counterexample: string;
  /** The shrunk scenario, when the property runs the emulator (to save and replay). */
  readonly scenario?: Scenario;
  readonly seed: number;
  readonly path: string | undefined;
  /** What went wrong, in one line. */
  readonly error: string;
}

/** The verdict of one property on one subject. */
export type PropertyVerdict = { readonly ok: true; readonly runs: number } | PropertyFailure;

/** Which part of DESIGN.md's "Properties" a property belongs to. */
export type PropertyGroup = 'spec' | 'isolation' | 'equivalence' | 'conformance' | 'cost';

/** A named property of the vmspec suites. */
export interface VmspecProperty {
  /** A short kebab-case name (`isolation`). */
  readonly name: string;
  readonly group: PropertyGroup;
  /** One sentence: what holds when it passes. */
  readonly description: string;
  /** A self-check too slow for the main job: `vmspec check` runs it only when named with `--property` (`npm test` always does). */
  readonly slow?: boolean;
  /** Why the property says nothing about this subject (shown as n/a, with the reason), or undefined: it applies (default). */
  readonly notApplicable?: (subject: Subject) => string | undefined;
  readonly check: (run: PropertyRun) => PropertyVerdict;
  /** For emulator properties: judges one scenario on a subject, throwing a `Violation` when it does not hold (used by `replay`). */
  readonly judge?: (subject: Subject, scenario: Scenario) => void;
}
