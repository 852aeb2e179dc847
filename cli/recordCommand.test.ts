/**
 * `vmspec record`: the emulator-recorded golden traces are exactly what
 * `record --golden` writes today (the emulator is deterministic, and a stale
 * golden fails here), each shows the path it is named after, and bad input
 * gets a one-line error.
 */
import { copyFile, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from './io.ts';
import { main } from './main.ts';

const golden = new URL('../traces/golden/', import.meta.url).pathname;

async function vmspec(...argv: string[]) {
  const io = captureIo();
  return { code: await main(argv, io), out: io.stdout(), err: io.stderr() };
}

describe('vmspec record', () => {
  it('re-records the emulator goldens byte for byte', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vmspec-golden-'));
    await copyFile(join(golden, 'manifest.json'), join(dir, 'manifest.json'));
    const r = await vmspec('record', '--golden', dir);
    expect(r.code).toBe(0);
    const files = (await readdir(dir)).filter((f) => f.startsWith('emulator-'));
    expect(files).toHaveLength(20);
    for (const file of files) expect(await readFile(join(dir, file), 'utf8'), file).toBe(await readFile(join(golden, file), 'utf8'));
    expect(await readFile(join(dir, 'manifest.json'), 'utf8')).toBe(await readFile(join(golden, 'manifest.json'), 'utf8'));
  });

  it.each([
    ['null-syscall', 'guest.syscall'],
    ['timer-interrupt', 'guest.interrupt'],
    ['page-fault', 'guest.fault'],
    ['context-switch', 'guest.switch'],
  ])('the %s goldens show a %s under every preset', async (workload, kind) => {
    for (const preset of ['umlinux', 'kernel-module', 'segment-bounds', 'multi-as']) {
      const text = await readFile(join(golden, `emulator-${preset}-${workload}.ndjson`), 'utf8');
      expect(text).toContain(`"type":"${kind}"`);
    }
  });

  it('records a real-skas0 run (stub stops, register transfers, resumes) that conform accepts', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'vmspec-skas0-')), 'context-switch.ndjson');
    const r = await vmspec('record', 'context-switch', '--variant', 'skas0', '--out', out);
    expect([r.code, r.err]).toEqual([0, '']);
    const text = await readFile(out, 'utf8');
    for (const kind of ['host.stub.create', 'host.stub.stop', 'host.stub.regs', 'host.stub.resume', 'host.stub.kill', 'guest.switch']) expect(text).toContain(`"type":"${kind}"`);
    expect(text).not.toContain('"type":"host.signal.deliver"');
    const c = await vmspec('conform', out);
    expect([c.code, c.err]).toEqual([0, '']);
  });

  it('refuses unknown workloads and variants in one line', async () => {
    const a = await vmspec('record', 'nope');
    expect([a.code, a.err.trim().split('\n').length]).toEqual([2, 1]);
    expect(a.err).toMatch(/known: null-syscall/);
    const b = await vmspec('record', 'null-syscall', '--variant', 'vmware');
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/unknown variant 'vmware'/);
  });
});
