/**
 * `vmspec explore [VARIANT|PLUGIN…] [--processes N] [--depth D | --exhaustive] [--max-states N] [--out DIR] [--json]`:
 * breadth-first exploration of the spec (control states × data) around the
 * paper's paths and each host call, within the bounds, printed the way TLC
 * reports a model: distinct states, transitions, the states that halt, and
 * every dead end (a state other than halted that takes no event) or broken
 * invariant, each with its shortest path written as a trace `conform` replays.
 * Exit 0: none found; 1: some found; 2: bad usage.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allVariants, describeState, explorationSeeds, specOf, variantName, type SpecEvent, type Variant, type VariantSpec } from '../spec/index.ts';
import { explore, type Exploration } from '../spec/explore.ts';
import { SPEC_INVARIANTS } from '../spec/invariants.ts';
import { loadPlugin } from '../plugins/loadPlugin.ts';
import { composeSpec, isStubVariant, PRESETS, REAL_PRESETS } from '../spec/index.ts';
import { formatEventLine, formatHeaderLine } from '../traces/index.ts';
import { lastValue, positiveCountOption } from './args.ts';
import { defineCommand } from './commandSpec.ts';
import { variantByName } from './names.ts';
import { EXHAUSTIVE_MAX_STATES, runExhaustive } from './exploreExhaustive.ts';
import type { CliIo } from './io.ts';

/** explore's default bounds (the docs' state count is computed at these). */
export const EXPLORE_DEFAULT_BOUNDS = { processes: 2, depth: 3, maxStates: 200_000 } as const;

function usageError(io: CliIo, message: string): number {
  io.err(`vmspec explore: ${message}; see vmspec explore --help\n`);
  return 2;
}

interface Target {
  readonly name: string;
  readonly spec: VariantSpec;
  readonly variant: Variant;
}

async function targetOf(text: string): Promise<Target | string> {
  if (/\.(ts|mts|js|mjs)$/.test(text)) {
    const loaded = await loadPlugin(text);
    if (!loaded.ok) return loaded.error;
    const { plugin } = loaded;
    return { name: `plugin:${plugin.name}`, spec: composeSpec(`plugin:${plugin.name}`, plugin.components), variant: plugin.base };
  }
  const parsed = variantByName(text);
  return parsed.ok ? { name: variantName(parsed.variant), spec: specOf(parsed.variant), variant: parsed.variant } : parsed.error;
}

function writePath(dir: string, file: string, target: Target, what: string, path: readonly SpecEvent[]): string {
  mkdirSync(dir, { recursive: true });
  const common = { format: 'vmspec-trace' as const, variant: variantName(target.variant), workload: `explore/${what}`, seed: null, emulator: 'vmspec explore', complete: true };
  // Stub events exist from format version 3 on, whose header also says whether accesses are recorded and where the run starts (null: at boot).
  const header = isStubVariant(target.variant) ? { ...common, version: 3 as const, accesses: true, start: null } : { ...common, version: 2 as const };
  const lines = [formatHeaderLine(header), ...path.map((event, i) => formatEventLine(i + 1, event))];
  const out = join(dir, file);
  writeFileSync(out, `${lines.join('\n')}\n`);
  return out;
}

/** The `explore` command. */
export const exploreCommand = defineCommand({
  name: 'explore',
  summary: 'explore the spec breadth first within bounds: states, dead ends, invariants, shortest paths as traces',
  arguments: '[VARIANT|PLUGIN.ts…]',
  details: [
    'Explores each spec (default: all 16 variants; a .ts/.js argument is a plug-in, its own spec machines included)',
    "breadth first from the initial state and from every point of the paper's paths and of each host call, up to",
    '--depth events further, with pids up to --processes. Reports distinct states, transitions, halted states,',
    'dead ends (a state other than halted that takes no event) and broken invariants (spec/invariants.ts), and',
    'writes the shortest path to each as a trace under --out that vmspec conform replays.',
    'With --exhaustive: every state reachable from the initial state alone (default: the 4 presets, skas0 and',
    'skas0-seccomp), pids and stubs up to --processes, up to renaming of pids, address spaces and stubs; says',
    '"exhausted" with states and diameter, or the --max-states cap it stopped at; also checks that every guest',
    'syscall can still be answered or its process end (exit 1 also when a spec stops at the cap).',
    'Exit 0 none found, 1 some found, 2 bad usage.',
  ].join('\n'),
  options: [
    { flag: '--processes', value: 'N', description: 'highest pid (and address-space number + 1) an event may name', default: String(EXPLORE_DEFAULT_BOUNDS.processes) },
    { flag: '--depth', value: 'D', description: 'events explored beyond each point of the seed paths', default: String(EXPLORE_DEFAULT_BOUNDS.depth) },
    { flag: '--max-states', value: 'N', description: `stop a spec after this many distinct states (--exhaustive: ${EXHAUSTIVE_MAX_STATES})`, default: String(EXPLORE_DEFAULT_BOUNDS.maxStates) },
    { flag: '--exhaustive', description: 'every reachable state from the initial state alone, up to symmetry; no --depth' },
    { flag: '--out', value: 'DIR', description: 'where the traces of dead ends and violations go', default: '.vmspec/explore' },
    { flag: '--json', description: 'one JSON document instead of text' },
  ],
  examples: ['explore', 'explore umlinux +multi-as --depth 4', 'explore --exhaustive skas0', 'explore examples/systrap.ts --json'],
}, async (args, io) => {
  const processes = positiveCountOption(args, '--processes', EXPLORE_DEFAULT_BOUNDS.processes);
  const depth = positiveCountOption(args, '--depth', EXPLORE_DEFAULT_BOUNDS.depth);
  const exhaustive = args.switches.has('--exhaustive');
  const maxStates = positiveCountOption(args, '--max-states', exhaustive ? EXHAUSTIVE_MAX_STATES : EXPLORE_DEFAULT_BOUNDS.maxStates);
  if (exhaustive && lastValue(args, '--depth') !== undefined) return usageError(io, '--depth bounds the seeded search; --exhaustive has no depth bound');
  for (const option of [processes, depth, maxStates]) if (!option.ok) return usageError(io, option.error);
  if (!processes.ok || !depth.ok || !maxStates.ok) return 2;
  const out = lastValue(args, '--out') ?? '.vmspec/explore';
  const targets: Target[] = [];
  const defaults = exhaustive ? [...Object.values(PRESETS), ...Object.values(REAL_PRESETS)] : allVariants();
  if (args.positional.length === 0) for (const v of defaults) targets.push({ name: variantName(v), spec: specOf(v), variant: v });
  for (const text of args.positional) {
    const target = await targetOf(text);
    if (typeof target === 'string') return usageError(io, target);
    targets.push(target);
  }
  const json = args.switches.has('--json');
  if (exhaustive) {
    const write = (file: string, target: { name: string }, what: string, path: readonly SpecEvent[]) => writePath(out, file, targets.find((t) => t.name === target.name)!, what, path);
    const exhaustive = targets.map((t) => ({ ...t, version: isStubVariant(t.variant) ? 3 : 2 }));
    return runExhaustive(exhaustive, { processes: processes.value, maxStates: maxStates.value }, json, io, write);
  }
  const bounds = { depth: depth.value, processes: processes.value, maxStates: maxStates.value };
  // Rows are printed as each spec is explored: the name column is sized up front, for the longest name asked for.
  const nameWidth = Math.max(42, ...targets.map((t) => t.name.length + 2));
  if (!json) {
    io.out(`vmspec explore: breadth first, ${bounds.depth} events around the paper's paths and each host call (spec/paperPaths.ts explorationSeeds), pids ≤ ${bounds.processes}, address spaces < ${bounds.processes}, at most ${bounds.maxStates} states per spec, format version 2\n`);
    io.out(`invariants: ${SPEC_INVARIANTS.map((i) => i.name).join(', ')}\n\n`);
    io.out(`${'spec'.padEnd(nameWidth)}${'states'.padStart(9)}${'transitions'.padStart(13)}${'halted'.padStart(8)}${'dead ends'.padStart(11)}${'violations'.padStart(12)}${'time'.padStart(8)}\n`);
  }
  const results: { target: string; exploration: Omit<Exploration, 'reached' | 'deadEnds' | 'violations'>; problems: { kind: string; state: Readonly<Record<string, string>>; events: number; trace: string }[] }[] = [];
  for (const target of targets) {
    const started = performance.now();
    const exploration = explore(target.spec, { ...bounds, seeds: explorationSeeds(target.variant) }, {}, SPEC_INVARIANTS);
    const seconds = (performance.now() - started) / 1000;
    const stem = target.name.replace(/[^a-z0-9+-]+/gi, '_');
    const problems = [
      ...exploration.deadEnds.slice(0, 5).map((found, i) => ({ kind: 'dead end', found, file: `${stem}-dead-end-${i + 1}.ndjson` })),
      ...exploration.violations.slice(0, 5).map((found, i) => ({ kind: `invariant ${found.invariant}`, found, file: `${stem}-${found.invariant}-${i + 1}.ndjson` })),
    ].map(({ kind, found, file }) => ({ kind, state: describeState(found.state), events: found.path.length, trace: writePath(out, file, target, kind.replace(/ /g, '-'), found.path) }));
    const { reached: _r, deadEnds, violations, ...summary } = exploration;
    results.push({ target: target.name, exploration: summary, problems });
    if (!json) {
      io.out(`${target.name.padEnd(nameWidth)}${String(summary.states).padStart(9)}${String(summary.transitions).padStart(13)}${String(summary.halted).padStart(8)}${String(deadEnds.length).padStart(11)}${String(violations.length).padStart(12)}${`${seconds.toFixed(1)}s`.padStart(8)}\n`);
      for (const problem of problems) {
        io.out(`  ${problem.kind}: ${Object.entries(problem.state).map(([m, s]) => `${m}=${s}`).join(', ')}\n`);
        io.out(`    shortest path: ${problem.events} events, written to ${problem.trace} (vmspec conform ${problem.trace} replays it)\n`);
      }
    }
  }
  const found = results.reduce((n, r) => n + r.problems.length, 0);
  if (json) io.out(`${JSON.stringify({ bounds, invariants: SPEC_INVARIANTS.map((i) => i.name), results })}\n`);
  else {
    const states = results.reduce((n, r) => n + r.exploration.states, 0);
    io.out(found === 0
      ? `\nNo dead end but halted and no invariant violated in ${results.length} spec(s) (${states} distinct states within the bounds).\n`
      : `\n${found} problem(s) found; each path above is a trace: replay it with vmspec conform.\n`);
  }
  return found === 0 ? 0 : 1;
});
