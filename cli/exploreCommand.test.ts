/**
 * `vmspec explore`: no dead end but halted and no broken invariant in the 16
 * variants and the example plug-ins' specs (within the default bounds); a
 * protection machine broken on purpose (its closed state no longer lets the
 * handler return) gives dead ends whose shortest paths conform replays; with
 * --exhaustive, from the initial state alone, both broken machines are found.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it, afterAll } from 'vitest';
import { setup, type AnyStateMachine } from 'xstate';
import { composeSpec, explorationSeeds, PRESETS, variantComponents, type SpecComponent } from '../spec/index.ts';
import { explore } from '../spec/explore.ts';
import { exhaust } from '../spec/exhaustive.ts';
import { SPEC_INVARIANTS } from '../spec/invariants.ts';
import { conformFile, formatEventLine, formatHeaderLine } from '../traces/index.ts';
import { scratchDir } from '../traces/internal/tempDir.ts';
import { runCaptured } from './io.ts';
import { exploreCommand } from './exploreCommand.ts';

const scratch = scratchDir('explore-cli');
afterAll(() => scratch.remove());

async function transcript(...argv: string[]) {
  const { code, stdout, stderr } = await runCaptured(exploreCommand, argv);
  return { exit: code, stdout, stderr };
}

type Config = { states: { kernel: { states: { closed: { on: Record<string, unknown> }; open: { on: Record<string, unknown> } } } } };

/** The standard protection machine of `component`, changed by `edit`. */
function broken(component: SpecComponent, edit: (config: Config) => void): SpecComponent {
  const machine = component.machine;
  const config = structuredClone({ ...machine.config, states: machine.config.states }) as Config;
  edit(config);
  const { guards, actions } = machine.implementations as unknown as { guards: Record<string, never>; actions: Record<string, never> };
  const changed = setup({ guards, actions }).createMachine(config as never) as unknown as AnyStateMachine;
  return { ...component, name: `${component.name}-broken`, machine: changed };
}

/** `closed` no longer lets the handler return. */
const withoutReturnWhenClosed = (component: SpecComponent) => broken(component, (config) => delete config.states.kernel.states.closed.on['host.signal.return']);

describe('vmspec explore', () => {
  it('finds no dead end but halted and no broken invariant in the 16 variants', async () => {
    const result = await transcript('--out', scratch.path);
    expect(result.stderr).toBe('');
    expect(result.exit).toBe(0);
    expect(result.stdout).toMatch(/No dead end but halted and no invariant violated in 16 spec\(s\) \(\d+ distinct states within the bounds\)/);
  });

  it('keeps its columns in line when a name is longer than usual (skas0 beside a plug-in)', async () => {
    const result = await transcript('skas0', 'examples/broken-lazy-reprotect.ts', '--out', scratch.path);
    const rows = result.stdout.split('\n').filter((l) => /^(spec|ptrace-sysemu|plugin:)\S*\s/.test(l));
    expect(rows).toHaveLength(3);
    // The states column ends in the same place on the header and on each row.
    const ends = rows.map((row) => /^\S+\s+\S+/.exec(row)![0].length);
    expect(new Set(ends).size).toBe(1);
  });

  it('nor in the example plug-ins\' specs', async () => {
    const result = await transcript('examples/systrap.ts', 'examples/skas3.ts', '--out', scratch.path);
    expect(result.exit).toBe(0);
    expect(result.stdout).toMatch(/in 2 spec\(s\)/);
  });

  it('finds the dead ends of a machine broken on purpose, with replayable shortest paths', async () => {
    const variant = PRESETS.umlinux;
    const [cpu, mediation, protection, spaces] = variantComponents(variant);
    const spec = composeSpec('umlinux-broken', [cpu!, mediation!, withoutReturnWhenClosed(protection!), spaces!]);
    const found = explore(spec, { depth: 3, processes: 2, seeds: explorationSeeds(variant) }, {}, SPEC_INVARIANTS);
    expect(found.deadEnds.length).toBeGreaterThan(0);
    const shortest = found.deadEnds[0]!;
    expect(shortest.state.spec.machines.map((m, i) => m.stateNames[shortest.state.states[i]!])).toContain('kernel.sigreturn.returnPending');
  });

  it('writes the path of a problem as a trace conform replays (a dead end: the run cannot halt)', async () => {
    const variant = PRESETS.umlinux;
    const [cpu, mediation, protection, spaces] = variantComponents(variant);
    const spec = composeSpec('umlinux-broken-2', [cpu!, mediation!, withoutReturnWhenClosed(protection!), spaces!]);
    const found = explore(spec, { depth: 2, processes: 2, seeds: explorationSeeds(variant) });
    const path = found.deadEnds[0]!.path;
    const file = `${scratch.path}/dead-end.ndjson`;
    const header = { format: 'vmspec-trace', version: 2, variant: 'umlinux', workload: 'explore/dead-end', seed: null, emulator: 'test', complete: true } as const;
    writeFileSync(file, `${[formatHeaderLine(header), ...path.map((e, i) => formatEventLine(i + 1, e))].join('\n')}\n`);
    // Against the real spec the path is fine so far but not a finished run: conform says where it stopped.
    const verdict = await conformFile(file);
    expect(verdict.kind).toBe('diverges');
    if (verdict.kind === 'diverges') expect(verdict.code).toBe('incomplete');
    expect(readFileSync(file, 'utf8').split('\n').length).toBe(path.length + 2);
  });

  it('finds a broken invariant: a protection that lets the guest return while the region is open', () => {
    const variant = PRESETS['+kernel-module'];
    const [cpu, mediation, protection, spaces] = variantComponents(variant);
    const leaky = broken(protection!, (config) => {
      config.states.kernel.states.open.on['guest.return'] = 'open';
      config.states.kernel.states.open.on['host.signal.return'] = 'open';
      config.states.kernel.states.open.on['host.syscall.enter'] = { actions: 'ignore' };
    });
    const found = explore(composeSpec('leaky', [cpu!, mediation!, leaky, spaces!]), { depth: 3, processes: 2, seeds: explorationSeeds(variant) }, {}, SPEC_INVARIANTS);
    expect(found.violations.map((v) => v.invariant)).toContain('user-code-runs-protected');
  });

  it('--exhaustive finds each machine broken on purpose from the initial state alone: the dead end and the broken invariant', () => {
    const variant = PRESETS['+kernel-module'];
    const [cpu, mediation, protection, spaces] = variantComponents(variant);
    const leaky = broken(protection!, (config) => {
      config.states.kernel.states.open.on['guest.return'] = 'open';
      config.states.kernel.states.open.on['host.signal.return'] = 'open';
      config.states.kernel.states.open.on['host.syscall.enter'] = { actions: 'ignore' };
    });
    const bounds = { processes: 2, maxStates: 50_000 };
    const deeper = { processes: 2, maxStates: 400_000 };
    const violated = exhaust(composeSpec('leaky-exhaustive', [cpu!, mediation!, leaky, spaces!]), bounds, SPEC_INVARIANTS);
    expect(violated.counts['user-code-runs-protected']).toBeGreaterThan(0);
    const umlinux = variantComponents(PRESETS.umlinux);
    const stuck = exhaust(composeSpec('umlinux-broken-exhaustive', [umlinux[0]!, umlinux[1]!, withoutReturnWhenClosed(umlinux[2]!), umlinux[3]!]), deeper, SPEC_INVARIANTS);
    expect(stuck.counts['dead end']).toBeGreaterThan(0);
    const deadEnd = stuck.problems.find((p) => p.problem === 'dead end')!;
    expect(deadEnd.state.spec.machines.map((m, i) => m.stateNames[deadEnd.state.states[i]!])).toContain('kernel.sigreturn.returnPending');
  });

  it('--exhaustive says "exhausted" with states and diameter, or the cap it stopped at', async () => {
    const done = await transcript('--exhaustive', 'skas0-seccomp', '--out', scratch.path);
    expect(done.stdout).toMatch(/seccomp-stub\/separate-kernel\/stub-processes\s+exhausted\s+\d+\s+\d+\s+\d+/);
    const capped = await transcript('--exhaustive', 'umlinux', '--max-states', '300', '--json', '--out', scratch.path);
    expect(capped.exit).toBe(1);
    expect(JSON.parse(capped.stdout).results[0]).toMatchObject({ exhausted: false });
    expect((await transcript('--exhaustive', 'umlinux', '--max-states', '300', '--out', scratch.path)).stdout).toMatch(/stopped at 300 states/);
  });

  it('refuses bad usage with one line (exit 2)', async () => {
    expect((await transcript('--exhaustive', '--depth', '3')).stderr).toBe('vmspec explore: --depth bounds the seeded search; --exhaustive has no depth bound; see vmspec explore --help\n');
    expect((await transcript('--depth', 'x')).stderr).toBe("vmspec explore: option '--depth' needs a whole number, got 'x'; see vmspec explore --help\n");
    expect((await transcript('vmware')).stderr).toMatch(/^vmspec explore: unknown variant 'vmware'/);
    expect((await transcript('--fast')).exit).toBe(2);
  });
});
