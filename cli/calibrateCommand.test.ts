import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCalibration } from '../bench/probe/calibration.ts';
import { makeCalibrateCommand } from './calibrateCommand.ts';
import { captureIo } from './io.ts';

const outFile = (): string => join(mkdtempSync(join(tmpdir(), 'vmspec-calibrate-test-')), 'sub', 'calibration.json');

function runs(command: string, arg: string): boolean {
  try {
    execFileSync(command, [arg], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const hasCompiler = (): boolean => runs('cc', '--version');

/** A "compiler" that builds the probe with cc, then wraps it to run under strace, where ptrace is refused (EPERM). */
function tracedCompiler(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vmspec-fake-cc-')), 'cc-under-strace');
  writeFileSync(path, [
    '#!/bin/sh',
    'set -e',
    'out=""; prev=""; for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done',
    'cc "$@"',
    'mv "$out" "$out.real"',
    'printf \'#!/bin/sh\\nexec strace -f -o /dev/null "%s.real" "$@"\\n\' "$out" > "$out"',
    'chmod +x "$out"',
    '',
  ].join('\n'));
  chmodSync(path, 0o755);
  return path;
}

describe('vmspec calibrate: bad input', () => {
  const cases: readonly (readonly [string[], RegExp])[] = [
    [['--frob'], /^vmspec calibrate: unknown option '--frob'/],
    [['--reps', 'x'], /^vmspec calibrate: option '--reps' needs a whole number, got 'x'\n$/],
    [['--reps', '0'], /^vmspec calibrate: option '--reps' must be between 1 and 100000, got 0\n$/],
    [['--batch', '-3'], /^vmspec calibrate: option '--batch' needs a whole number/],
    [['--out'], /^vmspec calibrate: option '--out <FILE>' argument missing; see vmspec calibrate --help\n$/],
    [['now'], /^vmspec calibrate: unexpected argument 'now'/],
  ];
  for (const [argv, message] of cases) {
    it(`exits 2 with one line for ${argv.join(' ')}`, async () => {
      const io = captureIo();
      expect(await makeCalibrateCommand({ cc: '/nonexistent' })(argv, io)).toBe(2);
      expect(io.stderr()).toMatch(message);
      expect(io.stderr().trimEnd().split('\n')).toHaveLength(1);
      expect(io.stdout()).toBe('');
    });
  }
});

describe('vmspec calibrate: no compiler', () => {
  it('says so in one line, writes the defaults and exits 0', async () => {
    const io = captureIo();
    const out = outFile();
    expect(await makeCalibrateCommand({ cc: '/nonexistent/cc' })(['--out', out], io)).toBe(0);
    expect(io.stderr()).toMatch(/^vmspec calibrate: no C compiler: '\/nonexistent\/cc' could not be run \(ENOENT\); using the defaults measured on .*\n$/);
    const parsed = parseCalibration(readFileSync(out, 'utf8'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.calibration.host.compiler).toBeNull();
    expect(Object.values(parsed.calibration.ops).every((c) => c.source === 'default')).toBe(true);
    expect(io.stdout()).toContain('default*');
    expect(io.stdout()).toContain(`wrote ${out}`);
  });

  it('takes the compiler from VMSPEC_CC', async () => {
    const saved = process.env['VMSPEC_CC'];
    process.env['VMSPEC_CC'] = '/nonexistent/from-env';
    try {
      const io = captureIo();
      expect(await makeCalibrateCommand()(['--out', outFile(), '--json'], io)).toBe(0);
      expect(io.stderr()).toContain("'/nonexistent/from-env' could not be run");
      expect(parseCalibration(io.stdout()).ok).toBe(true);
    } finally {
      if (saved === undefined) delete process.env['VMSPEC_CC'];
      else process.env['VMSPEC_CC'] = saved;
    }
  });

  it('reports a compiler that cannot build the probe', async () => {
    const io = captureIo();
    expect(await makeCalibrateCommand({ cc: 'false' })(['--out', outFile()], io)).toBe(0);
    expect(io.stderr()).toMatch(/^vmspec calibrate: 'false' could not build the probe: exit 1; using the defaults/);
  });
});

describe.skipIf(!hasCompiler())('vmspec calibrate: the real probe (skipped when no `cc` is installed)', () => {
  it('compiles and runs the probe with tiny repetition counts and writes a valid calibration', async () => {
    const io = captureIo();
    const out = outFile();
    expect(await makeCalibrateCommand({ cc: 'cc' })(['--reps', '2', '--batch', '2', '--out', out, '--json'], io)).toBe(0);
    const parsed = parseCalibration(io.stdout());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(readFileSync(out, 'utf8')).toBe(io.stdout());
    expect(parsed.calibration.probe.reps).toBe(2);
    expect(parsed.calibration.ops.nullSyscall.source).toBe('measured');
    expect(parsed.calibration.ops.mmap.points.map((p) => p.pages)).toEqual([1, 16, 64, 256, 1024]);
    // ptrace and seccomp may be refused in a sandbox: then a default with the reason, never a failure.
    for (const c of [parsed.calibration.ops.ptraceStop, parsed.calibration.ops.registerTransfer, parsed.calibration.composites.umlinuxSyscall, parsed.calibration.composites.seccompTrap]) {
      expect(c.source === 'measured' ? c.unavailable === null : typeof c.unavailable === 'string').toBe(true);
    }
  });
});

describe.skipIf(!hasCompiler() || !runs('strace', '-V'))('vmspec calibrate: ptrace refused (the probe runs under strace; skipped without cc and strace)', () => {
  it('says so in one line and takes the ptrace figures from the defaults', async () => {
    const io = captureIo();
    const out = outFile();
    expect(await makeCalibrateCommand({ cc: tracedCompiler() })(['--reps', '2', '--batch', '2', '--out', out], io)).toBe(0);
    expect(io.stderr()).toMatch(/^vmspec calibrate: ptraceStop, registerTransfer, umlinuxSyscall: not measurable here, defaults used \(measured on .*\)\n$/);
    const parsed = parseCalibration(readFileSync(out, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.calibration.ops.ptraceStop).toMatchObject({ source: 'default', unavailable: 'ptrace: Operation not permitted (errno 1)' });
    expect(parsed.calibration.ops.nullSyscall.source).toBe('measured');
    expect(parsed.calibration.notes).toContain('umlinuxSyscall: ptrace: Operation not permitted (errno 1)');
    expect(parsed.calibration.ops.registerTransfer).toMatchObject({ source: 'default', unavailable: 'ptrace: Operation not permitted (errno 1)' });
    expect(io.stdout()).toContain('note: ptraceStop: ptrace: Operation not permitted (errno 1)');
  });
});
