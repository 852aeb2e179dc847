/**
 * `vmspec explore --exhaustive`: every state of each spec reachable from the
 * initial state within a small scope (pids and stubs ≤ N, address spaces < N),
 * up to renaming of those names (spec/exhaustive.ts), printed as TLC reports a
 * model: "exhausted" with the distinct states and the diameter, or the cap it
 * stopped at; every dead end, broken invariant and unanswered guest syscall
 * with a path written as a trace `conform` replays.
 */
import { exhaust, type ExhaustiveResult } from '../spec/exhaustive.ts';
import { SPEC_INVARIANTS } from '../spec/invariants.ts';
import { describeState, type SpecEvent, type VariantSpec } from '../spec/index.ts';
import type { CliIo } from './io.ts';

/** explore --exhaustive's default cap on distinct states per spec. */
export const EXHAUSTIVE_MAX_STATES = 3_000_000;

/** A spec to explore, by name. */
export interface ExhaustiveTarget {
  readonly name: string;
  readonly spec: VariantSpec;
  /** The trace format version the run is explored as (and its witnesses written in). */
  readonly version: number;
}

/** Writes a problem's path as a trace and returns the file's path. */
export type WriteTrace = (file: string, target: ExhaustiveTarget, what: string, path: readonly SpecEvent[]) => string;

const verdictOf = (r: ExhaustiveResult, cap: number): string => (r.exhausted ? 'exhausted' : `stopped at ${cap} states`);

function row(name: string, width: number, r: ExhaustiveResult, cap: number, seconds: number): string {
  const problems = Object.values(r.counts).reduce((n, c) => n + c, 0);
  const rate = `${Math.round(r.states / Math.max(seconds, 1e-3))}/s`;
  return `${name.padEnd(width)}${verdictOf(r, cap).padStart(26)}${String(r.states).padStart(10)}${String(r.transitions).padStart(12)}` +
    `${String(r.diameter).padStart(10)}${String(r.halted).padStart(8)}${String(problems).padStart(10)}${`${seconds.toFixed(1)}s`.padStart(8)}${rate.padStart(10)}`;
}

/** Explores each target exhaustively; exit 0 when every one is exhausted without a problem, 1 otherwise. */
export function runExhaustive(targets: readonly ExhaustiveTarget[], bounds: { processes: number; maxStates: number }, json: boolean, io: CliIo, write: WriteTrace): number {
  const width = Math.max(24, ...targets.map((t) => t.name.length + 2));
  if (!json) {
    io.out(`vmspec explore --exhaustive: every state reachable from the initial state, pids and stubs ≤ ${bounds.processes}, address spaces < ${bounds.processes}, up to renaming of pids, address spaces and stubs, at most ${bounds.maxStates} states per spec\n`);
    io.out(`checked in every state: ${SPEC_INVARIANTS.map((i) => i.name).join(', ')}; dead ends; every guest syscall can still be answered (guest.return) or its process end (guest.exit, guest.halt)\n\n`);
    io.out(`${'spec'.padEnd(width)}${'result'.padStart(26)}${'states'.padStart(10)}${'transitions'.padStart(12)}${'diameter'.padStart(10)}${'halted'.padStart(8)}${'problems'.padStart(10)}${'time'.padStart(8)}${'states/s'.padStart(10)}\n`);
  }
  const results = [];
  let failed = false;
  for (const target of targets) {
    const started = performance.now();
    const r = exhaust(target.spec, bounds, SPEC_INVARIANTS, { version: target.version });
    const seconds = (performance.now() - started) / 1000;
    const stem = target.name.replace(/[^a-z0-9+-]+/gi, '_');
    const problems = r.problems.map((p, i) => {
      const kind = p.problem.replace(/ /g, '-');
      return { problem: p.problem, state: describeState(p.state), events: p.path.length, trace: write(`${stem}-exhaustive-${kind}-${i + 1}.ndjson`, target, kind, p.path) };
    });
    failed ||= !r.exhausted || problems.length > 0;
    results.push({ target: target.name, exhausted: r.exhausted, states: r.states, transitions: r.transitions, diameter: r.diameter, halted: r.halted, seconds, counts: r.counts, problems });
    if (json) continue;
    io.out(`${row(target.name, width, r, bounds.maxStates, seconds)}\n`);
    for (const [kind, n] of Object.entries(r.counts)) io.out(`  ${kind}: ${n} state(s); the shallowest:\n`);
    for (const p of problems) io.out(`    ${p.problem} at ${Object.entries(p.state).map(([m, s]) => `${m}=${s}`).join(', ')}: ${p.events} events, ${p.trace}\n`);
  }
  if (json) io.out(`${JSON.stringify({ exhaustive: true, bounds, invariants: SPEC_INVARIANTS.map((i) => i.name), results })}\n`);
  else {
    const unfinished = results.filter((r) => !r.exhausted).length;
    const troubled = results.filter((r) => r.problems.length > 0).length;
    const parts = [
      ...(unfinished > 0 ? [`${unfinished} spec(s) stopped at the cap (raise --max-states)`] : []),
      ...(troubled > 0 ? [`${troubled} spec(s) with problems; each path above is a trace: replay it with vmspec conform`] : []),
    ];
    io.out(!failed ? `\n${results.length} spec(s) exhausted, no problem found.\n` : `\n${parts.join('; ')}.\n`);
  }
  return failed ? 1 : 0;
}
