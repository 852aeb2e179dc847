/**
 * `vmspec predict` run in-process on the committed flavour logs with given
 * calibrations (no probing): the per-program table with every preset, the
 * page faults printed as an estimate, the JSON and chart written, the
 * composite check failing the exit when the model misses a composite, and
 * bad input as one line with exit 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { costsFromCalibration } from '../bench/paper/costsFromCalibration.ts';
import { predictComposites } from '../bench/paper/predictComposites.ts';
import { PRESETS } from '../bench/paper/paperResult.ts';
import type { PredictReport } from '../bench/predict/predictReport.ts';
import type { Calibration } from '../bench/probe/calibration.ts';
import { loadDefaultCalibration } from '../bench/probe/defaultCalibration.ts';
import { captureIo } from './io.ts';
import { makePredictCommand } from './predictCommand.ts';

const FIXTURES = fileURLToPath(new URL('../bench/strace/fixtures/', import.meta.url));
const LOG = join(FIXTURES, 'f-tt.strace.gz');
const dir = mkdtempSync(join(tmpdir(), 'vmspec-predict-'));
const predict = makePredictCommand({ cc: '/nonexistent/cc' });

/** The defaults with every composite's measurement set to what the model predicts, times `factor` for `name`. */
function calibrationFile(file: string, name: keyof Calibration['composites'] | null, factor: number): string {
  const c = loadDefaultCalibration();
  const checks = predictComposites(c, costsFromCalibration(c));
  if (!checks.ok) throw new Error(checks.error);
  const composites = Object.fromEntries(checks.checks.map((k) => {
    const m = k.predicted.totalNs * (k.name === name ? factor : 1);
    return [k.name, { ...c.composites[k.name], medianNs: m, p10Ns: m * 0.99, p90Ns: m * 1.01 }];
  }));
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify({ ...c, composites }));
  return path;
}

async function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo();
  const code = await predict([...args], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('vmspec predict', () => {
  let good: { code: number; stdout: string; stderr: string };
  const out = join(dir, 'out');
  beforeAll(async () => {
    good = await run([LOG, '--calibration', calibrationFile('a.json', null, 1), '--calibration', calibrationFile('b.json', null, 1), '--strace-overhead', '60000', '--out', out]);
  }, 120_000);

  it('prints per program every preset with time and overhead, and what was and was not converted', () => {
    expect(good.code).toBe(0);
    const rows = good.stdout.split('\n').filter((l) => /^ {2}(native \(model\)|umlinux|skas0|\+[a-z-]+) {2,}/.test(l)).map((l) => l.trim().split(/\s{2,}/)[0]);
    expect(rows).toEqual(['native (model)', ...PRESETS, 'skas0']);
    expect(good.stdout).toMatch(/calls the emulator lacks, \d+ in all, each priced as a null syscall \(getpid, \d+ ns\): openat \d+, newfstatat \d+/);
    expect(good.stdout).toContain('f-tt: -tt stamps, with -T, 463 lines in 1 file, 3 processes');
    expect(good.stdout).toContain('converted, nothing dropped');
    expect(good.stdout).toMatch(/page faults: \d+ ESTIMATED from the log/);
    expect(good.stdout).toContain("strace's own cost per traced syscall ASSUMED 60 µs (given with --strace-overhead)");
    expect(good.stdout).toContain('costs from 2 calibration files');
  });

  it('writes the report as JSON and the chart, with the overhead falling preset by preset', () => {
    const report = JSON.parse(readFileSync(join(out, 'predict.json'), 'utf8')) as PredictReport;
    const overheads = report.programs[0]!.columns.map((c) => c.overheadPct.median);
    expect(overheads[0]!).toBeGreaterThan(overheads[2]!);
    expect(report.programs[0]!.columns[0]!.faultsAddedUs).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'predict.svg'), 'utf8')).toContain('costs measured on this host (2 calibrations)');
  });

  it('fails the exit with MODEL OFF when the model misses a composite beyond tolerance and noise', async () => {
    const off = await run([LOG, '--calibration', calibrationFile('off.json', 'umlinuxSyscall', 1.5), '--strace-overhead', '0', '--out', join(dir, 'off')]);
    expect(off.code).toBe(1);
    expect(off.stdout).toMatch(/^MODEL OFF: umlinuxSyscall: predicted -33\.3% off the measurement; tolerance 15% \+ noise 1\.0% = 16\.0%/m);
    expect(off.stderr).toContain('vmspec predict: MODEL OFF on umlinuxSyscall');
    const near = await run([LOG, '--calibration', calibrationFile('near.json', 'umlinuxSyscall', 1.1), '--strace-overhead', '0', '--out', join(dir, 'near')]);
    expect(near.code).toBe(0);
  }, 120_000);

  it('passes its own check with the shipped defaults (--defaults exits 0)', async () => {
    const defaults = await run([LOG, '--defaults', '--strace-overhead', '6000', '--out', join(dir, 'defaults')]);
    expect(defaults.stderr).not.toMatch(/MODEL OFF/);
    expect(defaults.code).toBe(0);
    expect(defaults.stdout).toMatch(/^ {2}seccompTrap: predicted -?\d+\.\d% off the measurement; .*: ok$/m);
  }, 120_000);

  it('prices a plug-in given as --variant FILE next to the presets, by its own parts', async () => {
    const plugin = fileURLToPath(new URL('../plugins/fixtures/keyedKernel.ts', import.meta.url));
    const priced = await run([LOG, '--calibration', calibrationFile('p.json', null, 1), '--strace-overhead', '60000', '--out', join(dir, 'plugin'), '--variant', plugin, '--json']);
    expect([priced.code, priced.stderr]).toEqual([0, '']);
    const report = JSON.parse(priced.stdout) as PredictReport;
    const columns = report.programs[0]!.columns;
    expect(columns.map((c) => c.column)).toEqual([...PRESETS, 'skas0', 'skas0-seccomp', 'fixture-keyed-kernel (plug-in)']);
    // Its own parts, not its base's: segment bounds on umlinux's ptrace mediation costs less than umlinux, more than +segment-bounds.
    const overhead = (name: string): number => columns.find((c) => c.column === name)!.overheadPct.median;
    expect(overhead('fixture-keyed-kernel (plug-in)')).toBeLessThan(overhead('umlinux'));
    expect(overhead('fixture-keyed-kernel (plug-in)')).toBeGreaterThan(overhead('+segment-bounds'));
    expect(report.assumptions.at(-1)).toMatch(/^a plug-in is priced by the host operations its strategies make/);
    const named = await run([LOG, '--calibration', calibrationFile('q.json', null, 1), '--strace-overhead', '60000', '--out', join(dir, 'plugin2'), '--variant', 'umlinux', '--variant', plugin]);
    expect(named.stdout).toMatch(/^ {2}fixture-keyed-kernel \(plug-in\) +\S+/m);
    expect(named.stdout.split('\n').filter((l) => /^ {2}(umlinux|\+[a-z-]+|skas0) {2,}/.test(l))).toHaveLength(1);
  }, 120_000);

  it('refuses bad input in one line with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [[], /^vmspec predict: give at least one strace log/],
      [[join(dir, 'none.strace'), '--defaults'], /^vmspec predict: cannot read log '.*none\.strace' \(no such file, nor .*none\.strace\.PID files of strace -ff -o\)\n$/],
      [[LOG, '--defaults', '--variant', 'umlinx'], /^vmspec predict: --variant: /],
      [[LOG, '--defaults', '--variant', join(dir, 'nowhere.ts')], /^vmspec predict: --variant: .*nowhere\.ts: no such file\n$/],
      [[LOG, '--defaults', '--variant', 'plugins/fixtures/noProtectionSpec.ts'], /^vmspec predict: --variant: plugins\/fixtures\/noProtectionSpec\.ts: failed to load: defineVariant: 'protection' is replaced/],
      [[LOG, LOG, '--run', 'a', '--run', 'b', '--run', 'c'], /^vmspec predict: 3 --run commands for 2 logs/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    }
    const garbage = join(dir, 'garbage.strace');
    writeFileSync(garbage, '1 1700000000.000000 getpid() = 1 <0.000001>\n1 1700000000.000001 not a line\n');
    const r = await run([garbage, '--defaults', '--strace-overhead', '0']);
    expect([r.code, r.stderr]).toEqual([2, `vmspec predict: ${garbage}:2: unrecognised line 'not a line' (expected a call, a signal or an exit, after an optional pid and time stamp)\n`]);
    const reference = join(dir, 'ref.json');
    writeFileSync(reference, '{"f-tt": {"real UML": "a lot"}}');
    const ref = await run([LOG, '--defaults', '--reference', reference]);
    expect([ref.code, ref.stderr]).toEqual([2, `vmspec predict: ${reference}: $.f-tt.real UML: expected a number (percent)\n`]);
  }, 120_000);
});
