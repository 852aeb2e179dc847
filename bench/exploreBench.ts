/**
 * Exhaustive exploration benchmark: distinct states per second on one core
 * (the search is single-threaded), as TLC reports its speed, for whole state
 * spaces (skas0, skas0-seccomp, 2 processes) and the first 300k states of
 * umlinux's million. Invariants and the liveness check are included, as
 * `explore --exhaustive` runs them.
 */
import { exhaust } from '../spec/exhaustive.ts';
import { SPEC_INVARIANTS } from '../spec/invariants.ts';
import { isStubVariant, PRESETS, REAL_PRESETS, specOf, variantName, type Variant } from '../spec/index.ts';

const RUNS: readonly { readonly name: string; readonly variant: Variant; readonly maxStates: number }[] = [
  { name: 'skas0', variant: REAL_PRESETS.skas0, maxStates: 3_000_000 },
  { name: 'skas0-seccomp', variant: REAL_PRESETS['skas0-seccomp'], maxStates: 3_000_000 },
  { name: 'umlinux', variant: PRESETS.umlinux, maxStates: 300_000 },
];

/** Prints states/s and transitions/s of `explore --exhaustive` for each run. */
export async function exploreBench(out: (line: string) => void): Promise<void> {
  out('explore --exhaustive: distinct states/s on one core (2 processes, symmetry reduction, invariants, liveness)');
  for (const { name, variant, maxStates } of RUNS) {
    const started = performance.now();
    const r = exhaust(specOf(variant), { processes: 2, maxStates }, SPEC_INVARIANTS, { version: isStubVariant(variant) ? 3 : 2 });
    const seconds = (performance.now() - started) / 1000;
    const scope = r.exhausted ? `exhausted, diameter ${r.diameter}` : `first ${r.states} states`;
    out(
      `  ${name.padEnd(14)} ${String(r.states).padStart(8)} states ${String(r.transitions).padStart(9)} transitions ${seconds.toFixed(1).padStart(6)} s` +
        `   ${Math.round(r.states / seconds).toString().padStart(7)} states/s ${Math.round(r.transitions / seconds).toString().padStart(8)} transitions/s   (${scope}; ${variantName(variant)})`,
    );
  }
}
