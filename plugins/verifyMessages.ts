/**
 * What a verify worker tells the main thread: the plug-in loaded (or why
 * not); then, for each step it is sent (`VerifyStepOrder`), the step starting,
 * each emulator run (the heartbeat the time limit watches), and the step's
 * verdict with its saved counterexample, or the cost report. Plain data: it
 * crosses the worker boundary by structured clone.
 */
import type { PropertyVerdict } from '../properties/index.ts';
import type { CostRow } from './costReport.ts';

/** What the worker is asked to do. */
export interface VerifyRequest {
  /** The plug-in's path as given (relative to `cwd`). */
  readonly path: string;
  readonly cwd: string;
  readonly runs: number;
  readonly seed: number;
  /** Where counterexamples are saved. */
  readonly out: string;
  /** The steps to run, as indices of VERIFY_STEPS (plugins/verifyJob.ts); all when absent. */
  readonly steps?: readonly number[];
}

/** The main thread's order to a worker: run this step next. */
export interface VerifyStepOrder {
  readonly step: number;
}

/** A loaded plug-in, described. */
export interface PluginSummary {
  readonly name: string;
  readonly description: string;
  readonly base: string;
  readonly baseVariant: string;
  readonly replaces: readonly string[];
  readonly choiceNames: Readonly<Record<string, string>>;
  readonly fragments: readonly string[];
  /** The standard machines it names for the axes it replaces. */
  readonly standardSpecs: readonly string[];
  /** The optimized choices whose cost claims it keeps. */
  readonly keptClaims: readonly string[];
  /** What its own cost claims say (cost-claims does not apply when both lists are empty). */
  readonly ownClaims: readonly string[];
}

/** One property's outcome on the plug-in. */
export interface VerifyVerdict {
  readonly property: string;
  /** undefined when the property does not apply (n/a). */
  readonly verdict: PropertyVerdict | undefined;
  readonly ms: number;
  readonly note?: string;
  readonly saved?: { readonly replay: string; readonly trace: string };
  readonly saveError?: string;
  /** Why the shrunk counterexample was not saved: it does not fail again on every re-run (plugins/reproduce.ts). */
  readonly nondeterministic?: string;
}

/** A message from the worker. */
export type VerifyMessage =
  | { readonly kind: 'loaded'; readonly plugin: PluginSummary }
  | { readonly kind: 'load-error'; readonly error: string }
  | { readonly kind: 'property'; readonly property: string }
  | { readonly kind: 'run'; readonly run: number }
  | { readonly kind: 'verdict'; readonly step: number; readonly verdict: VerifyVerdict }
  | { readonly kind: 'cost'; readonly step: number; readonly rows: readonly CostRow[] }
  | { readonly kind: 'crash'; readonly error: string };

export type { CostRow };
