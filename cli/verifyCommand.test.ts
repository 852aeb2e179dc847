/**
 * Transcripts of `vmspec verify`: the example plug-ins beyond the paper pass,
 * the broken ones fail with a saved counterexample that `vmspec replay`
 * reproduces, and bad plug-ins (wrong shape, throwing, looping) are reported
 * as such: a one-line error (exit 2), attributed failures, a time-out.
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../traces/internal/tempDir.ts';
import { captureIo } from './io.ts';
import { main } from './main.ts';
import { verifyCommand } from './verifyCommand.ts';

const scratch = scratchDir('verify-cli');
afterAll(() => scratch.remove());

const SEED = '4242';

async function verify(...argv: string[]): Promise<{ exit: number; stdout: string; stderr: string }> {
  const io = captureIo();
  // The tests run concurrently already: one worker thread each (cli/verifyParallel.test.ts checks more).
  const exit = await verifyCommand([...argv, '--seed', SEED, '--out', scratch.path, '--workers', '1'], io);
  return { exit, stdout: io.stdout(), stderr: io.stderr() };
}

async function replay(file: string): Promise<{ exit: number; stdout: string }> {
  const io = captureIo();
  const exit = await main(['replay', file], io);
  return { exit, stdout: io.stdout() };
}

describe.concurrent('vmspec verify: variants beyond the paper pass', () => {
  for (const [example, passing, spec] of [
    ['examples/systrap.ts', 7, 'own spec machines: mediation/systrap'],
    ['examples/skas3.ts', 7, 'own spec machines: address-spaces/skas3'],
    ['plugins/fixtures/keyedKernel.ts', 7, 'own spec machines: none; standard ones named: protection/segment-bounds'],
  ] as const) {
    it(example, async () => {
      const result = await verify(example, '--runs', '25');
      expect(result.stderr).toBe('');
      expect(result.exit).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`verdict: (fixture-)?${basename(example, '.ts').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} passes ${passing} properties`));
      expect(result.stdout).toMatch(/^umlinux \(ptrace-process\/mprotect\/remap\)\s+\d+/m);
      expect(result.stdout).toContain(spec);
    });
  }
});

describe.concurrent('vmspec verify: broken ideas fail with a replayable counterexample', () => {
  for (const [example, property] of [['broken-lazy-reprotect', 'integrity'], ['broken-shared-readonly', 'integrity']] as const) {
    it(example, async () => {
      const result = await verify(`examples/${example}.ts`, '--runs', '100');
      expect(result.exit).toBe(1);
      expect(result.stdout).toMatch(new RegExp(`^${property}\\s+FAIL`, 'm'));
      expect(result.stdout).toMatch(new RegExp(`verdict: ${example} FAILS`));
      const replayFile = /^ {2}saved: (\S+\.replay\.json) \(replay file\), (\S+\.ndjson) \(trace\)$/m.exec(result.stdout);
      expect(replayFile, result.stdout).not.toBeNull();
      expect(existsSync(replayFile![1]!) && existsSync(replayFile![2]!)).toBe(true);
      expect(result.stdout).toContain(`replay: node bin/vmspec.js replay ${replayFile![1]}`);
      const again = await replay(replayFile![1]!);
      expect(again.exit).toBe(1);
      expect(again.stdout).toContain(`reproduced: ${property} fails on plugin:${resolve(`examples/${example}.ts`)}`);
    });
  }

  it('the shared-table idea passes its own lax spec fragment: only integrity, isolation and equivalence catch it', async () => {
    const result = await verify('examples/broken-shared-readonly.ts', '--runs', '100', '--json');
    const report = JSON.parse(result.stdout) as { ok: boolean; verdicts: { property: string; verdict: string }[] };
    expect(report.ok).toBe(false);
    expect(Object.fromEntries(report.verdicts.map((v) => [v.property, v.verdict]))).toMatchObject({
      integrity: 'fail', isolation: 'fail', conformance: 'pass', refinement: 'pass', 'cost-claims': 'pass',
    });
  });
});

describe.concurrent('vmspec verify: a plug-in states what it is for as cost claims', () => {
  it('claims that hold pass cost-claims, which no longer says n/a for a replaced axis', async () => {
    const result = await verify('plugins/fixtures/keyedKernel.ts', '--runs', '25');
    expect(result.stdout).toMatch(/^cost-claims\s+pass\s+25\s+\S+\s+its own: 'no operation on the guest kernel region after boot', 'no more mprotect calls than umlinux'$/m);
  });

  it('a false claim fails cost-claims, naming the claim, with a counterexample', async () => {
    const result = await verify('plugins/fixtures/falseClaim.ts', '--runs', '25');
    expect(result.exit).toBe(1);
    expect(result.stdout).toMatch(/^cost-claims\s+FAIL/m);
    expect(result.stdout).toMatch(/error: claim 'at most one host context switch per guest syscall' broken: host context switches \d+ under plugin:\S+falseClaim\.ts, more than 1 per guest\.syscall × \d+ = \d+/);
  });
});

describe.concurrent('vmspec verify: a counterexample is saved only when it fails again', () => {
  it('a plug-in with module-level state: its counterexamples are reported as nondeterminism, not saved', async () => {
    const result = await verify('plugins/fixtures/skipsSeventh.ts', '--runs', '100');
    expect(result.exit).toBe(1);
    expect(result.stdout).toMatch(/^ {2}not saved, NONDETERMINISTIC: the shrunk counterexample does not fail on every re-run of the plug-in loaded afresh \(run 1 passes, run 2 (passes|fails)\): it keeps state between runs/m);
    expect(result.stdout).not.toContain('fixture-skips-seventh-isolation.replay.json');
    expect(existsSync(resolve(scratch.path, 'fixture-skips-seventh-isolation.replay.json'))).toBe(false);
  });

  it('the same bug with a reset() hook: saved, and replay reproduces it', async () => {
    const result = await verify('plugins/fixtures/skipsSeventhReset.ts', '--runs', '100');
    expect(result.exit).toBe(1);
    expect(result.stdout).not.toContain('NONDETERMINISTIC');
    const replayFile = /^ {2}saved: (\S+-isolation\.replay\.json) \(replay file\)/m.exec(result.stdout);
    expect(replayFile, result.stdout).not.toBeNull();
    expect((await replay(replayFile![1]!)).stdout).toContain('reproduced: isolation fails');
  });
});

describe.concurrent('vmspec verify: bad plug-ins', () => {
  it('refuses bad usage with one line (exit 2)', async () => {
    expect(await verify()).toEqual({ exit: 2, stdout: '', stderr: 'vmspec verify: give a plug-in file (see vmspec verify --help)\n' });
    expect((await verify('examples/systrap.ts', '--fast')).stderr).toBe("vmspec verify: unknown option '--fast'; see vmspec verify --help\n");
    expect((await verify('examples/systrap.ts', '--tiemout', '5')).stderr).toBe("vmspec verify: unknown option '--tiemout' (Did you mean --timeout?); see vmspec verify --help\n");
    expect((await verify('examples/systrap.ts', '--runs', '0')).stderr).toBe("vmspec verify: option '--runs' must be at least 1\n");
  });

  it.each([
    ['plugins/fixtures/nowhere.ts', 'plugins/fixtures/nowhere.ts: no such file'],
    ['README.md', 'README.md: a plug-in is a .ts, .mts, .js or .mjs module'],
    ['plugins/fixtures/noDefault.ts', 'plugins/fixtures/noDefault.ts: no default export (write: export default defineVariant({ … }))'],
    ['plugins/fixtures/missingLift.ts', "plugins/fixtures/missingLift.ts: failed to load: defineVariant: 'protection.lift' must be a function, got undefined"],
    ['plugins/fixtures/plainObject.mjs', "plugins/fixtures/plainObject.mjs: default export: 'base' must be a preset or 'mediation/protection/address-spaces' variant name, got undefined"],
    ['plugins/fixtures/throwsAtLoad.ts', 'plugins/fixtures/throwsAtLoad.ts: failed to load: configuration table is empty'],
    ['plugins/fixtures/handBuilt.mjs', "plugins/fixtures/handBuilt.mjs: default export: 'protection' is replaced but 'spec.protection' is not given, and the base's protection/mprotect cannot judge another strategy: give your own machine or a standard one, spec: { protection: STANDARD_SPECS.protection['…'] } (munmap, mprotect, segment-bounds, supervisor-bit, separate-kernel)"],
    ['plugins/fixtures/noProtectionSpec.ts', "plugins/fixtures/noProtectionSpec.ts: failed to load: defineVariant: 'protection' is replaced but 'spec.protection' is not given, and the base's protection/mprotect cannot judge another strategy: give your own machine or a standard one, spec: { protection: STANDARD_SPECS.protection['…'] } (munmap, mprotect, segment-bounds, supervisor-bit, separate-kernel)"],
  ])('%s: one line naming the file and the field (exit 2)', async (path, error) => {
    const result = await verify(path, '--runs', '2');
    expect(result.exit).toBe(2);
    expect(result.stderr).toBe(`vmspec verify: ${error}\n`);
  });

  it('reports a plug-in that throws during runs as the plug-in throwing', async () => {
    const result = await verify('plugins/fixtures/throwsInRun.ts', '--runs', '5');
    expect(result.exit).toBe(1);
    expect(result.stdout).toContain('error: the emulator threw: plug-in fixture-throws-in-run: protection.lift threw: lift is not implemented yet');
    expect(result.stdout).toContain('fixture-throws-in-run (plug-in) threw: plug-in fixture-throws-in-run: protection.lift threw');
  });

  it('stops a plug-in that loops at the time limit and says where', async () => {
    const started = performance.now();
    const result = await verify('plugins/fixtures/loops.ts', '--runs', '5', '--timeout', '1500');
    expect(result.exit).toBe(1);
    expect(result.stdout).toContain('TIMEOUT: timed out after 1500 ms in run 1 of integrity');
    expect(result.stdout).toMatch(/^integrity\s+TIMEOUT\s+1/m);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
