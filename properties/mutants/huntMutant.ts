/**
 * Hunts one mutant: runs the emulator properties on it in suite order until
 * one fails, and reports which one, after how many runs, and how small the
 * shrunk counterexample is (guest instructions, trace events).
 */
import { EMULATOR_PROPERTIES, NAMED_PROPERTIES } from '../registry.ts';
import type { VmspecProperty } from '../property.ts';
import { runScenario } from '../scenarioRuns.ts';
import { scenarioSize } from '../scenarioProperty.ts';
import type { PropertyFailure } from '../property.ts';
import { mutantSubject, type Mutant } from './mutantCatalog.ts';

/** What hunting a mutant found. */
export type Hunt =
  | {
      readonly caught: true;
      readonly mutant: Mutant;
      readonly property: string;
      /** Runs of the catching property up to its first failure. */
      readonly runs: number;
      readonly failure: PropertyFailure;
      /** Guest instructions (and kernel-probe steps) of the shrunk scenario. */
      readonly size: number;
      /** Events in the shrunk scenario's trace on the mutant. */
      readonly traceEvents: number;
    }
  | { readonly caught: false; readonly mutant: Mutant; readonly runs: number };

/** Runs `properties` on `mutant` in order until one catches it (default: every emulator property). */
export function huntMutant(
  mutant: Mutant,
  budget: { readonly runs: number; readonly seed: number },
  properties: readonly VmspecProperty[] = EMULATOR_PROPERTIES,
): Hunt {
  const subject = mutantSubject(mutant);
  let spent = 0;
  for (const property of properties) {
    const verdict = property.check({ subject, runs: budget.runs, seed: budget.seed });
    spent += verdict.runs;
    if (verdict.ok) continue;
    const scenario = verdict.scenario;
    const run = scenario ? runScenario(subject, scenario) : undefined;
    return {
      caught: true,
      mutant,
      property: property.name,
      runs: verdict.runs,
      failure: verdict,
      size: scenario ? scenarioSize(scenario) : 0,
      traceEvents: run?.ok ? run.result.trace.length : 0,
    };
  }
  return { caught: false, mutant, runs: spent };
}

/** The property a mutant is meant to be caught by. */
export function meantProperty(mutant: Mutant): VmspecProperty {
  const property = NAMED_PROPERTIES.find((p) => p.name === mutant.meantFor);
  if (property === undefined) throw new Error(`mutant ${mutant.name} is meant for an unknown property '${mutant.meantFor}'`);
  return property;
}
