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

  it("takes vmspec real's workload names as aliases: the same trace as the emulator name, and listed", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vmspec-alias-'));
    for (const [alias, name] of [['getpid', 'null-syscall'], ['pingpong', 'context-switch'], ['fork', 'fork-exit-wait']] as const) {
      const a = await vmspec('record', alias, '--out', join(dir, `${alias}.ndjson`));
      expect([a.code, a.err]).toEqual([0, '']);
      expect(a.out).toContain(`events of ${name} (${alias}) under`);
      await vmspec('record', name, '--out', join(dir, `${name}.ndjson`));
      expect(await readFile(join(dir, `${alias}.ndjson`), 'utf8')).toBe(await readFile(join(dir, `${name}.ndjson`), 'utf8'));
      const c = await vmspec('conform', join(dir, `${alias}.ndjson`));
      expect([c.code, c.err]).toEqual([0, '']);
    }
    expect(await readFile(join(dir, 'fork.ndjson'), 'utf8')).toContain('"nr":"fork"');
    const io = { ...captureIo(), columns: 60 };
    expect(await main(['record', '--list'], io)).toBe(0);
    expect(io.stdout()).toMatch(/^fork-exit-wait {4}a guest process forking[^(]*\(alias fork,\s+as in vmspec real\)$/m);
    for (const line of io.stdout().split('\n')) expect(line.length, line).toBeLessThanOrEqual(60);
    const pipeline = await vmspec('record', 'pipeline');
    expect([pipeline.code, pipeline.err]).toEqual([2, "vmspec record: 'pipeline' runs on real UML only (vmspec real record pipeline)\n"]);
  });
});
