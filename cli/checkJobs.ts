/**
 * The units of work of `check` and `mutants`, as plain data so a worker
 * thread can run them: one property on one subject, or one mutant hunt. Each
 * is a pure function of its fields (the subject, the property, the budget and
 * the seed), so running them in any order, on any thread or machine, gives
 * the same verdicts as running them one after the other.
 */
import { NAMED_PROPERTIES, variantSubject, type PropertyVerdict, type Scenario, type Subject } from '../properties/index.ts';
import { huntMutant } from '../properties/mutants/huntMutant.ts';
import { MUTANTS, mutantSubject } from '../properties/mutants/mutantCatalog.ts';
import { scenarioRunClock, type ScenarioRunClock } from '../properties/scenarioRuns.ts';
import { parseVariant } from '../spec/index.ts';

/** What a check runs on: a variant or a catalogued mutant, by name. */
export type TargetRef = { readonly kind: 'variant'; readonly name: string } | { readonly kind: 'mutant'; readonly name: string };

/** One property on one subject. */
export interface CheckJob {
  readonly kind: 'check';
  readonly target: TargetRef;
  readonly property: string;
  readonly runs: number;
  readonly seed: number;
  readonly path?: string;
}

/** One mutant hunted with every emulator property. */
export interface HuntJob {
  readonly kind: 'hunt';
  readonly mutant: string;
  readonly runs: number;
  readonly seed: number;
}

export type Job = CheckJob | HuntJob;

/** What a hunt found, as data (the mutant is named, not carried). */
export type HuntResult =
  | {
      readonly kind: 'hunt';
      readonly mutant: string;
      readonly caught: true;
      readonly property: string;
      readonly runs: number;
      readonly size: number;
      readonly traceEvents: number;
      readonly error: string;
      readonly scenario: Scenario | undefined;
    }
  | { readonly kind: 'hunt'; readonly mutant: string; readonly caught: false; readonly runs: number };

export interface CheckJobResult {
  readonly kind: 'check';
  readonly verdict: PropertyVerdict;
  readonly ms: number;
}

export type JobResult = CheckJobResult | HuntResult;

/** The subject a target names (names were checked when the command line was read). */
export function subjectOf(target: TargetRef): Subject {
  if (target.kind === 'mutant') {
    const mutant = MUTANTS.find((m) => m.name === target.name);
    if (!mutant) throw new Error(`unknown mutant '${target.name}'`);
    return mutantSubject(mutant);
  }
  const parsed = parseVariant(target.name);
  if (!parsed.ok) throw new Error(parsed.error);
  return variantSubject(parsed.variant);
}

function runCheck(job: CheckJob): CheckJobResult {
  const property = NAMED_PROPERTIES.find((p) => p.name === job.property);
  if (!property) throw new Error(`unknown property '${job.property}'`);
  // The subject (its spec compiled) is built before the clock starts: it is no property's work.
  const subject = subjectOf(job.target);
  const before = scenarioRunClock();
  const t0 = performance.now();
  const verdict = property.check({ subject, runs: job.runs, seed: job.seed, ...(job.path === undefined ? {} : { path: job.path }) });
  return { kind: 'check', verdict, ms: ownMs(performance.now() - t0, before, scenarioRunClock()) };
}

/**
 * A check's own time from its wall time: the emulator runs it reused from an
 * earlier check of the subject (remembered in this thread) are added at what
 * they cost, so a cell's time does not depend on which property ran first.
 */
export function ownMs(wall: number, before: ScenarioRunClock, after: ScenarioRunClock): number {
  return wall - (after.spent - before.spent) + (after.charged - before.charged);
}

function runHunt(job: HuntJob): HuntResult {
  const mutant = MUTANTS.find((m) => m.name === job.mutant);
  if (!mutant) throw new Error(`unknown mutant '${job.mutant}'`);
  const hunt = huntMutant(mutant, { runs: job.runs, seed: job.seed });
  if (!hunt.caught) return { kind: 'hunt', mutant: job.mutant, caught: false, runs: hunt.runs };
  return {
    kind: 'hunt', mutant: job.mutant, caught: true, property: hunt.property, runs: hunt.runs, size: hunt.size, traceEvents: hunt.traceEvents,
    error: hunt.failure.error, scenario: hunt.failure.scenario,
  };
}

/** Runs one job in this thread. */
export function runJob(job: Job): JobResult {
  return job.kind === 'check' ? runCheck(job) : runHunt(job);
}
