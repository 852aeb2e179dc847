/**
 * Transcripts of `vmspec conform`: exit code, stdout and stderr for the
 * usage errors, a conforming trace, a divergence with its context, the
 * `--variant` override, `--json`, CRLF files and several files at once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../traces/internal/tempDir.ts';
import { captureIo } from './io.ts';
import { conformCommand } from './conformCommand.ts';

const golden = (name: string): string => join('traces', 'golden', name);
const scratch = scratchDir('conform-cli');
afterAll(() => scratch.remove());

async function transcript(...argv: string[]): Promise<{ exit: number; stdout: string; stderr: string }> {
  const io = captureIo();
  const exit = await conformCommand(argv, io);
  return { exit, stdout: io.stdout(), stderr: io.stderr() };
}


describe('vmspec conform', () => {
  it('refuses a call without files, an unknown option and an unknown --variant (exit 2)', async () => {
    expect(await transcript()).toEqual({ exit: 2, stdout: '', stderr: 'vmspec conform: no trace file given; see vmspec conform --help\n' });
    expect(await transcript('--fast', 'x')).toEqual({ exit: 2, stdout: '', stderr: "vmspec conform: unknown option '--fast'; see vmspec conform --help\n" });
    const bad = await transcript('--variant', 'vmware', golden('umlinux-null-syscall.ndjson'));
    expect(bad.exit).toBe(2);
    expect(bad.stderr).toMatch(/^vmspec conform: unknown variant 'vmware' \(presets: umlinux, /);
  });

  it('reports a conforming trace on one line', async () => {
    expect(await transcript(golden('umlinux-null-syscall.ndjson'))).toEqual({
      exit: 0,
      stdout: 'traces/golden/umlinux-null-syscall.ndjson: conforms (ptrace-process/mprotect/remap, 96 events, complete)\n',
      stderr: '',
    });
  });

  it('reports the first divergence: the relation in words, the state it met, what the spec accepts there, and context (exit 1)', async () => {
    expect(await transcript(golden('rel-return-to-other-pid.ndjson'))).toEqual({
      exit: 1,
      stdout: [
        'traces/golden/rel-return-to-other-pid.ndjson:20: diverges (spec-rejects): guest.return pid 2, but the current process is 1 (guest-cpu in state kernel refuses guest.return pid=2)',
        '  variant:  kernel-module/segment-bounds/remap',
        '  event:    guest.return pid=2',
        '  met:      guest-cpu in state kernel',
        '  expected: guest.return pid=1, guest.idle',
        '  states:   guest-cpu=kernel, mediation/kernel-module=kernel.sigreturn.returned, protection/segment-bounds=kernel.closed, address-spaces/remap=live',
        '    17 | {"seq":16,"layer":"vmm","type":"vmm.allow","nr":"sigreturn"}',
        '    18 | {"seq":17,"layer":"host","type":"host.segment.set","limit":1879048192}',
        '    19 | {"seq":18,"layer":"host","type":"host.signal.return"}',
        '  > 20 | {"seq":19,"layer":"guest","type":"guest.return","pid":2}',
        '    21 | {"seq":20,"layer":"host","type":"host.syscall.enter","nr":"exit"}',
        '    22 | {"seq":21,"layer":"vmm","type":"vmm.intercept","nr":"exit"}',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('says once that a version-1 file cannot show everything', async () => {
    const result = await transcript(golden('neg-umlinux-sigusr1-before-getpid-return.ndjson'), golden('v1-emulator-umlinux-null-syscall.ndjson'));
    expect(result.exit).toBe(1);
    expect(result.stdout.match(/note: format version 1: /g)).toHaveLength(2);
    expect(result.stdout).toContain('v1-emulator-umlinux-null-syscall.ndjson: conforms (ptrace-process/mprotect/remap');
  });

  it('checks against --variant instead of the header', async () => {
    const result = await transcript('--variant', '+kernel-module', golden('umlinux-null-syscall.ndjson'));
    expect(result.exit).toBe(1);
    expect(result.stdout.split('\n').slice(0, 4)).toEqual([
      'traces/golden/umlinux-null-syscall.ndjson:6: diverges (spec-rejects): mediation/kernel-module in state kernel.hostcall.checking refuses host.ptrace.stop at=enter',
      '  variant:  kernel-module/mprotect/remap',
      '  event:    host.ptrace.stop at=enter',
      '  met:      mediation/kernel-module in state kernel.hostcall.checking',
    ]);
    expect((await transcript('--variant', 'ptrace-process/mprotect/remap', golden('umlinux-null-syscall.ndjson'))).exit).toBe(0);
  });

  it('reads CRLF line ends and a missing final line end', async () => {
    const text = readFileSync(golden('multi-as-timer-interrupt.ndjson'), 'utf8');
    const crlf = join(scratch.path, 'crlf.ndjson');
    writeFileSync(crlf, text.replaceAll('\n', '\r\n'));
    const bare = join(scratch.path, 'bare.ndjson');
    writeFileSync(bare, text.trimEnd());
    expect((await transcript(crlf, bare)).exit).toBe(0);
  });

  it('checks several files and ends with a summary; the worst verdict sets the exit code', async () => {
    const missing = join(scratch.path, 'missing.ndjson');
    const result = await transcript(golden('multi-as-null-syscall.ndjson'), golden('neg-multi-as-user-reads-guest-kernel.ndjson'), missing, scratch.path);
    expect(result.exit).toBe(2);
    expect(result.stdout.split('\n').at(-2)).toBe('4 files: 1 conform, 1 diverge, 2 could not be checked');
    expect(result.stderr).toBe(
      `${missing}: unreadable: ENOENT: no such file or directory, open '${missing}'\n${scratch.path}: unreadable: EISDIR: illegal operation on a directory, read\n`,
    );
  });

  it('--json gives one object with the verdicts and the summary', async () => {
    const result = await transcript('--json', golden('neg-multi-as-cut-short.ndjson'));
    expect(result.exit).toBe(1);
    expect(result.stderr).toBe('');
    const report: unknown = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      exitCode: 1,
      summary: { files: 1, conform: 0, diverge: 1, unchecked: 0, exitCode: 1 },
      files: [{
        file: golden('neg-multi-as-cut-short.ndjson'),
        verdict: {
          kind: 'diverges', code: 'incomplete', line: 17, event: null, machine: 'guest-cpu', state: 'kernel',
          states: { 'guest-cpu': 'kernel', 'mediation/kernel-module': 'kernel.running', 'protection/segment-bounds': 'kernel.open', 'address-spaces/multi-as': 'live' },
        },
      }],
    });
    expect(result.stdout.endsWith('}\n')).toBe(true);
    expect(result.stdout.split('\n')).toHaveLength(2);
  });
});

describe('vmspec conform --variant PLUGIN', () => {
  it("judges a trace by a plug-in's own spec machines", async () => {
    const systrap = await transcript('--variant', 'examples/systrap.ts', golden('kernel-module-null-syscall.ndjson'));
    expect(systrap.exit).toBe(1);
    expect(systrap.stdout).toMatch(/:14: diverges \(spec-rejects\): mediation\/systrap in state trapped refuses vmm.intercept nr=getpid/);
    expect(systrap.stdout).toContain('  variant:  plugin:systrap');
    const skas3 = await transcript('--variant', 'examples/skas3.ts', golden('umlinux-null-syscall.ndjson'));
    expect(skas3).toEqual({ exit: 0, stdout: 'traces/golden/umlinux-null-syscall.ndjson: conforms (plugin:skas3, 96 events, complete)\n', stderr: '' });
    const missing = await transcript('--variant', 'examples/nope.ts', golden('umlinux-null-syscall.ndjson'));
    expect(missing).toEqual({ exit: 2, stdout: '', stderr: 'vmspec conform: examples/nope.ts: no such file; see vmspec conform --help\n' });
  }, 60_000);
});
