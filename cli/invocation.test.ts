/**
 * Replay commands are printed the way vmspec was run: `npx vmspec` under npx,
 * `vmspec` when the command on PATH is this script, else `node` and the path.
 * And `-` reads standard input, end to end through the real bin.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../traces/internal/tempDir.ts';
import { invocation } from './invocation.ts';

const scratch = scratchDir('invocation');
afterAll(() => scratch.remove());
const repo = new URL('..', import.meta.url).pathname;
const script = join(repo, 'bin/vmspec.js');

describe('invocation', () => {
  it('is npx vmspec under npx', () => {
    expect(invocation({ script, cwd: repo, env: { npm_command: 'exec' } })).toBe('npx vmspec');
  });

  it('is vmspec when the vmspec on PATH is this script', () => {
    const bin = join(scratch.path, 'bin');
    mkdirSync(bin);
    symlinkSync(script, join(bin, 'vmspec'));
    expect(invocation({ script, cwd: '/', env: { PATH: `/nowhere:${bin}` } })).toBe('vmspec');
  });

  it('is node and the path from the working directory otherwise', () => {
    expect(invocation({ script, cwd: repo, env: { PATH: '' } })).toBe('node bin/vmspec.js');
    expect(invocation({ script, cwd: scratch.path, env: { PATH: '' } })).toBe(`node ${script}`);
    expect(invocation({ script: '/x/node_modules/vmspec/bin/vmspec.js', cwd: '/x', env: {} })).toBe('npx vmspec');
  });
});

describe("'-' is standard input", () => {
  it('conform - judges the trace it is given on stdin', () => {
    const trace = readFileSync(join(repo, 'traces/golden/umlinux-null-syscall.ndjson'), 'utf8');
    const r = spawnSync(process.execPath, [script, 'conform', '-'], { cwd: repo, input: trace, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^-: conforms \(ptrace-process\/mprotect\/remap, \d+ events, complete\)$/m);
    const bad = spawnSync(process.execPath, [script, 'conform', '-'], { cwd: repo, input: '{"format":"nope"}\n', encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });
});
