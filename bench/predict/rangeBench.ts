/**
 * Benchmark (issue 21): runs `vmspec predict` K times on one strace log, as
 * a user would, and prints each run's overhead per column with its range and
 * every median that falls outside another run's range. Prints, never
 * asserts. Run: `npx tsx bench/predict/rangeBench.ts [LOG] [K] [predict options…]`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PredictReport } from './predictReport.ts';
import { rangeMisses, type RunFigures } from './rangeAgreement.ts';

const VMSPEC = fileURLToPath(new URL('../../bin/vmspec.js', import.meta.url));

/** Runs `vmspec predict` once; its exit code (1 is MODEL OFF, still a report to read). */
async function predictOnce(args: readonly string[]): Promise<number> {
  try {
    await promisify(execFile)(process.execPath, [VMSPEC, 'predict', ...args], { maxBuffer: 1 << 26 });
    return 0;
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number' ? error.code : -1;
  }
}
const pct = (n: number): string => `${n >= 0 ? '+' : ''}${n.toFixed(0)}%`;

async function main(): Promise<void> {
  const log = process.argv[2] ?? fileURLToPath(new URL('../strace/fixtures/f-tt.strace.gz', import.meta.url));
  const k = Number(process.argv[3] ?? '5');
  const extra = process.argv.slice(4);
  const dir = await mkdtemp(join(tmpdir(), 'vmspec-range-'));
  const runs: RunFigures[] = [];
  try {
    for (let i = 0; i < k; i++) {
      const out = join(dir, String(i));
      const code = await predictOnce([log, '--out', out, ...extra]);
      if (code !== 0 && code !== 1) throw new Error(`vmspec predict exited ${code}`);
      const report = JSON.parse(await readFile(join(out, 'predict.json'), 'utf8')) as PredictReport;
      const program = report.programs[0]!;
      const figures = Object.fromEntries(program.columns.map((c) => [c.column, c.overheadPct]));
      runs.push(figures);
      const origin = report.costs.origin.slice(0, 60);
      const busy = report.costs.busy.length > 0 ? ' BUSY' : '';
      const off = report.composites.some((v) => v.off) ? ' MODEL OFF' : '';
      process.stdout.write(`run ${i + 1}: ${program.columns.map((c) => `${c.column} ${pct(c.overheadPct.median)} [${pct(c.overheadPct.min)}–${pct(c.overheadPct.max)}]`).join(', ')}  (${origin}…${busy}${off}; exit ${code})\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const { pairs, misses } = rangeMisses(runs);
  process.stdout.write(`${misses.length} of ${pairs} medians outside another run's range\n`);
  for (const m of misses) process.stdout.write(`  ${m.column}: run ${m.run + 1} ${pct(m.median)} outside run ${m.against + 1}'s [${pct(m.range[0])}–${pct(m.range[1])}]\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
