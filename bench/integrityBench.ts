/**
 * What the integrity invariants cost (issue 12): the same generated scenarios
 * run as the properties run them (traced, audited), with the invariants off
 * and at every checkpoint, under each preset: milliseconds per run, checks per
 * run and microseconds per check. Figures, never a timed test.
 */
import fc from 'fast-check';
import { PRESET_VARIANTS, runWorkload, type InvariantChecks } from '../impl/index.ts';
import { scenarioArbitrary, type Scenario } from '../properties/arbitraries/workloadArbitrary.ts';
import { SCENARIO_STEP_LIMIT } from '../properties/scenarioRuns.ts';

function runAll(scenarios: readonly Scenario[], variant: (typeof PRESET_VARIANTS)[string], invariants: InvariantChecks): { ms: number; checks: number } {
  const start = performance.now();
  let checks = 0;
  for (const s of scenarios) {
    const result = runWorkload(s.workload, {
      variant, seed: s.seed, timerInterval: s.timerInterval, maxSteps: SCENARIO_STEP_LIMIT, trace: true, audit: true, invariants,
      ...(s.addressSpaces === undefined ? {} : { addressSpaces: s.addressSpaces }),
    });
    checks += result.integrity.checks;
  }
  return { ms: performance.now() - start, checks };
}

/** Prints the invariants' cost per run under each preset. */
export async function integrityBench(out: (line: string) => void): Promise<void> {
  const runs = 300;
  const scenarios = fc.sample(scenarioArbitrary, { seed: 42, numRuns: runs });
  out(`integrity: ${runs} generated scenarios (seed 42), traced and audited as the properties run them`);
  out('integrity: preset            ms/run off   ms/run all   extra ms/run   checks/run   µs/check');
  for (const [name, variant] of Object.entries(PRESET_VARIANTS)) {
    runAll(scenarios.slice(0, 50), variant, 'all');
    const off = runAll(scenarios, variant, 'off');
    const all = runAll(scenarios, variant, 'all');
    const extra = (all.ms - off.ms) / runs;
    out(`integrity: ${name.padEnd(16)} ${(off.ms / runs).toFixed(3).padStart(12)} ${(all.ms / runs).toFixed(3).padStart(12)} ${extra.toFixed(3).padStart(14)} ${(all.checks / runs).toFixed(0).padStart(12)} ${((extra * 1000) / Math.max(1, all.checks / runs)).toFixed(2).padStart(10)}`);
  }
}
