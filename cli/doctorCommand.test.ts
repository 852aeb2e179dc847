/**
 * `vmspec doctor` on hosts made up in a scratch folder: nothing installed
 * (every part says why not), and fake programs that answer as UML, strace and
 * perf do (so the test needs none of them installed). Each fake is a shell
 * script, found through PATH or the $VMSPEC_* overrides doctor shares with
 * `vmspec real`.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../traces/internal/tempDir.ts';
import { doctorCommand, doctorText } from './doctorCommand.ts';
import type { HostPart } from './hostParts.ts';
import { runCaptured } from './io.ts';

const scratch = scratchDir('doctor');
afterAll(() => scratch.remove());

const KEYS = ['PATH', 'VMSPEC_UML', 'VMSPEC_CC', 'VMSPEC_BUSYBOX', 'VMSPEC_UML_PREFIX'] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of KEYS) if (saved[k] === undefined) delete process.env[k];
  else process.env[k] = saved[k];
});

let bin = '';
let counter = 0;
beforeEach(() => {
  bin = join(scratch.path, `bin${counter++}`);
  mkdirSync(bin);
  // Nothing installed: an empty PATH, and overrides that point nowhere.
  process.env['PATH'] = bin;
  process.env['VMSPEC_UML'] = '/nonexistent/linux.uml';
  process.env['VMSPEC_CC'] = '/nonexistent/cc';
  process.env['VMSPEC_BUSYBOX'] = '/nonexistent/busybox';
  process.env['VMSPEC_UML_PREFIX'] = join(scratch.path, `prefix${counter}`);
});

/** A fake program: a shell script that prints `body`'s output. */
function fake(name: string, body: string): string {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}
const UML_SCRIPT = 'case "$1" in --version) echo 7.2.7 ;; --help) echo "  seccomp=on|off" ;; esac';

async function doctorJson(): Promise<ReadonlyMap<string, HostPart>> {
  const r = await runCaptured(doctorCommand, ['--json']);
  expect(r.code).toBe(0);
  const { parts } = JSON.parse(r.stdout) as { parts: HostPart[] };
  return new Map(parts.map((p) => [p.part, p]));
}

describe('vmspec doctor', () => {
  it('on a host with nothing installed says, per part, what is missing, and exits 0', async () => {
    const parts = await doctorJson();
    expect([...parts.keys()]).toEqual(['UML', 'strace', 'perf', 'C compiler', 'busybox']);
    for (const p of parts.values()) expect(p.state, p.part).toBe('fails');
    expect(parts.get('UML')!.detail).toMatch(/'\/nonexistent\/linux\.uml' \(\$VMSPEC_UML\) not found.*real setup/);
    expect(parts.get('strace')!.detail).toMatch(/install strace/);
    expect(parts.get('perf')!.detail).toMatch(/'perf' not found/);
    expect(parts.get('C compiler')!.detail).toMatch(/'\/nonexistent\/cc' not found/);
    expect(parts.get('busybox')!.detail).toMatch(/busybox-static/);
  });

  it('reads a UML kernel\'s version and stub modes without booting it', async () => {
    process.env['VMSPEC_UML'] = fake('linux.uml', UML_SCRIPT);
    const uml = (await doctorJson()).get('UML')!;
    expect(uml.state).toBe('untested');
    expect(uml.detail).toMatch(/^UML 7\.2\.7 at .*linux\.uml \(\$VMSPEC_UML\), stub modes: ptrace, seccomp; not booted \(doctor --boot/);
  });

  it('with --boot, says why UML cannot be booted here (no compiler for the guest programs)', async () => {
    process.env['VMSPEC_UML'] = fake('linux.uml', UML_SCRIPT);
    const r = await runCaptured(doctorCommand, ['--boot', '--json']);
    expect(r.code).toBe(0);
    const uml = (JSON.parse(r.stdout) as { parts: HostPart[] }).parts[0]!;
    expect(uml.state).toBe('fails');
    expect(uml.detail).toMatch(/stub modes: ptrace, seccomp; does not boot in ptrace: '\/nonexistent\/cc' not found .*; seccomp: '\/nonexistent\/cc' not found/);
  });

  it("trusts the kernel 'real setup' chose (it boot-probed it there)", async () => {
    delete process.env['VMSPEC_UML'];
    const path = fake('uml7', UML_SCRIPT);
    const prefix = process.env['VMSPEC_UML_PREFIX']!;
    mkdirSync(prefix, { recursive: true });
    writeFileSync(join(prefix, 'kernel.json'), JSON.stringify({ path, version: '7.2.7', modes: ['ptrace', 'seccomp'], source: 'test' }));
    const uml = (await doctorJson()).get('UML')!;
    expect(uml.state).toBe('works');
    expect(uml.detail).toContain("chosen by 'vmspec real setup'");
  });

  it('finds strace and perf on PATH; perf works only when it counts instructions', async () => {
    fake('strace', 'echo "strace -- version 9.9"');
    fake('perf', 'echo "   <not supported>      instructions" >&2');
    let parts = await doctorJson();
    expect(parts.get('strace')).toMatchObject({ state: 'works', detail: expect.stringMatching(/^strace -- version 9\.9 at /) as unknown });
    expect(parts.get('perf')).toMatchObject({ state: 'fails', detail: expect.stringContaining('<not supported>') as unknown });
    fake('perf', 'echo "         1,234,567      instructions" >&2');
    parts = await doctorJson();
    expect(parts.get('perf')!.state).toBe('works');
  });

  it('tells a compiler that cannot link statically from one that cannot compile at all', async () => {
    process.env['VMSPEC_CC'] = fake('cc', 'case "$1" in -static) exit 1 ;; esac; exit 0');
    expect((await doctorJson()).get('C compiler')!.detail).toMatch(/compiles, but not -static/);
    process.env['VMSPEC_CC'] = fake('cc', 'echo "cc: fatal error: no input" >&2; exit 1');
    expect((await doctorJson()).get('C compiler')!.detail).toMatch(/cannot compile a one-line C program \(cc: fatal error/);
  });

  it('a non-ELF busybox is refused with the package to install', async () => {
    process.env['VMSPEC_BUSYBOX'] = fake('busybox', 'exit 0');
    expect((await doctorJson()).get('busybox')!.detail).toMatch(/not a statically linked x86-64 program \(install busybox-static\)/);
  });

  it('prints text that fits a narrow terminal; a stray argument is one line, exit 2', async () => {
    const text = doctorText([...(await doctorJson()).values()], 50);
    expect(text).toMatch(/^UML: does not work$/m);
    expect(text).toMatch(/^0 of 5 parts work here\.$/m);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(50);
    const bad = await runCaptured(doctorCommand, ['stray']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^vmspec doctor: takes no arguments \(got 'stray'\)[^\n]*\n$/);
  });
});
