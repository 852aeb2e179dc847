/**
 * The native runner of `vmspec predict --run`, built with this host's compiler: a program that prints to stdout
 * (the recorded guest programs all do) is measured, its output kept out of the runner's JSON; a failing one is an
 * error value naming it. Skips, saying why, where no C compiler runs.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { measureNative } from './nativeRun.ts';

const cc = process.env['VMSPEC_CC'] || 'cc';
const hasCompiler = spawnSync(cc, ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasCompiler) console.log(`[vmspec] skipping the native runner tests: '${cc}' does not run here`);

describe.skipIf(!hasCompiler)('the native runner', () => {
  it('measures a program that writes to stdout, once per run', async () => {
    const measured = await measureNative('echo VMSPEC-BEGIN; for i in 1 2 3; do echo line $i; done', 2, cc);
    if (!measured.ok) throw new Error(measured.error);
    expect(measured.value.wallUs).toHaveLength(2);
    expect(measured.value.minorFaults).toHaveLength(2);
    for (const us of measured.value.wallUs) expect(us).toBeGreaterThan(0);
    for (const faults of measured.value.minorFaults) expect(faults).toBeGreaterThan(0);
  }, 60_000);

  it('says which command failed, and how', async () => {
    const measured = await measureNative('exit 3', 1, cc);
    expect(measured).toEqual({ ok: false, error: "'exit 3' exited 3 when rerun without strace" });
  }, 60_000);
});
