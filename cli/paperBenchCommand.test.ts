/**
 * `vmspec bench paper` run in-process: the table's shape (6 workloads × native
 * and the four presets), each optimization lowering the modelled time of the
 * syscall- and switch-heavy workloads, the JSON and SVG written, bad input.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALIBRATION_URL } from '../bench/probe/defaultCalibration.ts';
import { COLUMNS, PRESETS, type PaperResult } from '../bench/paper/paperResult.ts';
import { captureIo } from './io.ts';
import { makePaperBenchCommand, paperBenchCommand } from './paperBenchCommand.ts';

const DEFAULTS = fileURLToPath(DEFAULT_CALIBRATION_URL);
const dir = mkdtempSync(join(tmpdir(), 'vmspec-paper-'));
const out = join(dir, 'out');
let code = -1;
let stdout = '';
let result: PaperResult;

beforeAll(async () => {
  const io = captureIo();
  code = await makePaperBenchCommand({ cwd: dir })(['--calibration', DEFAULTS, '--out', out], io);
  stdout = io.stdout();
  result = JSON.parse(readFileSync(join(out, 'paper.json'), 'utf8')) as PaperResult;
}, 60_000);

describe('vmspec bench paper', () => {
  it('prints the time table: a row per workload, native and the four presets as columns', () => {
    expect(code).toBe(0);
    const table = stdout.split('modelled time (overhead vs native)\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(table[0]!.trim().split(/\s{2,}/)).toEqual(['workload', 'unit', ...COLUMNS]);
    const rows = table.slice(1).filter((l) => l.trim() !== '');
    expect(rows.map((l) => l.split(/\s{2,}/)[0])).toEqual(['null syscall', 'context switch', '10 MB pipe', 'gzip (7.6 MB)', 'make (4 C files)', 'http (50 requests)']);
    for (const row of rows) expect(row.trim().split(/\s{2,}/)).toHaveLength(2 + COLUMNS.length);
    expect(stdout).toContain(`costs from ${DEFAULTS}`);
    expect(stdout).toMatch(/umlinuxSyscall .* measured µs|umlinuxSyscall\s+\d/);
  });

  it('writes the same data as JSON: rows × columns, events per preset, the three composites', () => {
    expect(result.rows).toHaveLength(6);
    for (const row of result.rows) {
      expect(Object.keys(row.cells)).toEqual([...COLUMNS]);
      expect(Object.keys(row.events)).toEqual([...PRESETS]);
      expect(row.cells.native.overhead).toBe(1);
    }
    expect(result.composites.map((c) => c.name)).toEqual(['umlinuxSyscall', 'seccompTrap', 'seccompSyscall']);
  });

  it('each optimization lowers the modelled time of the syscall- and switch-heavy workloads', () => {
    const time = (id: string, column: (typeof COLUMNS)[number]) => result.rows.find((r) => r.id === id)!.cells[column].timeNs;
    for (const id of ['null-syscall', 'context-switch', 'make', 'http']) {
      expect(time(id, '+kernel-module'), `${id}: kernel module`).toBeLessThan(time(id, 'umlinux'));
      expect(time(id, '+segment-bounds'), `${id}: segment bounds`).toBeLessThan(time(id, '+kernel-module'));
      expect(time(id, 'native'), `${id}: native`).toBeLessThan(time(id, '+multi-as'));
    }
    // multi-as changes guest context switches only: a null syscall loop has none.
    for (const id of ['context-switch', 'make', 'http']) expect(time(id, '+multi-as'), `${id}: multi-as`).toBeLessThan(time(id, '+segment-bounds'));
    expect(time('null-syscall', '+multi-as')).toBe(time('null-syscall', '+segment-bounds'));
    // The paper's headline: an order of magnitude on a null syscall under umlinux.
    expect(result.rows[0]!.cells.umlinux.overhead).toBeGreaterThan(10);
  });

  it('writes an SVG chart with a title, axis label, a bar per preset and workload, and a legend', () => {
    const svg = readFileSync(join(out, 'paper.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml[^]*<svg[^]*<\/svg>\n$/);
    expect(svg).toContain('UMLinux overhead vs native');
    expect(svg).toContain('overhead vs native (×, log scale');
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(6 * PRESETS.length);
    for (const p of PRESETS) expect(svg).toContain(`${p}: `);
  });
});

describe('vmspec bench paper, bad input', () => {
  const run = async (argv: readonly string[]) => {
    const io = captureIo();
    const exit = await paperBenchCommand(argv, io);
    return { exit, stderr: io.stderr(), stdout: io.stdout() };
  };

  it('refuses an unknown option, a stray argument, a missing or malformed calibration, in one line with exit 2', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "vmspec-calibration", "version": 2}');
    const cases = [
      [['--fast'], /^vmspec bench paper: unknown option '--fast'; see vmspec bench paper --help\n$/],
      [['extra'], /^vmspec bench paper: unexpected argument 'extra'/],
      [['--calibration', join(dir, 'nope.json')], /^vmspec bench paper: cannot read calibration '.*nope\.json' \(ENOENT\)\n$/],
      [['--calibration', bad], /^vmspec bench paper: .*bad\.json: .*version.*\n$/],
    ] as const;
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.exit).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stdout).toBe('');
    }
  });
});
