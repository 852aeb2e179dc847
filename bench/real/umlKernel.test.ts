/**
 * What is learnt of a kernel is learnt of its file: `real setup` may put a
 * new kernel where one was tried before in the same process (a cached UML 7
 * that no longer boots, replaced by a fresh install), and the answer for the
 * old file must not stand for the new one.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { umlKernelInfo } from './umlKernel.ts';

const dir = mkdtempSync(join(tmpdir(), 'vmspec-kernel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in kernel that prints `version` and, when `seccomp`, names the seccomp= option in its help. */
function fakeKernel(path: string, version: string, seccomp: boolean): void {
  writeFileSync(path, `#!/bin/sh\nif [ "$1" = --version ]; then echo ${version}; else echo '${seccomp ? 'seccomp=<on/auto/off>' : 'mem=<size>'}'; fi\n`);
  chmodSync(path, 0o755);
}

describe('umlKernelInfo', () => {
  it('reads the version and stub modes, and reads them again when another kernel takes the file\'s place', async () => {
    const path = join(dir, 'linux.uml');
    fakeKernel(path, '6.1.176', false);
    expect(await umlKernelInfo(path)).toEqual({ ok: true, value: { version: '6.1.176', modes: ['ptrace'] } });
    rmSync(path);
    fakeKernel(path, '7.2.7', true);
    expect(await umlKernelInfo(path)).toEqual({ ok: true, value: { version: '7.2.7', modes: ['ptrace', 'seccomp'] } });
  });
});
