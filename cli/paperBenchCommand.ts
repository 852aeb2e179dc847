/**
 * `vmspec bench paper [--out DIR] [--calibration FILE] [--json]`: the paper's
 * evaluation from the cost model (issue 7): microbenchmarks and real workloads
 * under the four presets and native, the model's error on the probe's
 * composites; prints the tables and writes paper.json and paper.svg into DIR.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Calibration } from '../bench/probe/calibration.ts';
import { readCalibrationFile } from '../bench/probe/readCalibrationFile.ts';
import { loadDefaultCalibration } from '../bench/probe/defaultCalibration.ts';
import { formatPaperReport } from '../bench/paper/formatPaperTable.ts';
import type { Microbenchmark } from '../bench/paper/microbenchmarks.ts';
import { overheadChart } from '../bench/paper/overheadChart.ts';
import type { PaperResult } from '../bench/paper/paperResult.ts';
import { paperFromCalibration } from '../bench/paper/paperFromCalibration.ts';
import { lastValue } from './args.ts';
import { defineCommand, type CliCommand } from './commandSpec.ts';
import type { CliIo } from './io.ts';
import { errorCode } from '../traces/index.ts';

/** Where the JSON and SVG go unless `--out` says otherwise. */
export const DEFAULT_PAPER_OUT = '.vmspec/paper';
/** The calibration used when `--calibration` is not given and this file exists. */
export const DEFAULT_PAPER_CALIBRATION = '.vmspec/calibration.json';

/** What tests may inject. */
export interface PaperBenchOptions {
  /** Microbenchmark sizes (default: their standard sizes). */
  readonly sizes?: Partial<Record<Microbenchmark['id'], number>>;
  /** Where to look for `.vmspec/calibration.json` (default: the working directory). */
  readonly cwd?: string;
}


function badInput(io: CliIo, message: string): number {
  io.err(`vmspec bench paper: ${message}\n`);
  return 2;
}

/** The calibration to use and where it came from: --calibration, else .vmspec/calibration.json, else the defaults. */
async function chooseCalibration(given: string | undefined, cwd: string): Promise<{ ok: true; calibration: Calibration; origin: string } | { ok: false; error: string }> {
  const path = given ?? (existsSync(join(cwd, DEFAULT_PAPER_CALIBRATION)) ? join(cwd, DEFAULT_PAPER_CALIBRATION) : undefined);
  if (path === undefined) return { ok: true, calibration: loadDefaultCalibration(), origin: 'the defaults (bench/probe/defaultCalibration.json; run vmspec calibrate to measure this host)' };
  const read = await readCalibrationFile(path);
  return read.ok ? { ...read, origin: given ?? DEFAULT_PAPER_CALIBRATION } : read;
}

/** The `bench paper` command with injected options. */
export function makePaperBenchCommand(options: PaperBenchOptions = {}): CliCommand {
  return defineCommand({
    name: 'paper',
    summary: "the paper's evaluation from the calibrated cost model: table, JSON and an SVG chart",
    details: `Uses --calibration, else ${DEFAULT_PAPER_CALIBRATION} when it exists (vmspec calibrate), else the documented defaults.`,
    options: [
      { flag: '--out', value: 'DIR', description: 'where paper.json and paper.svg go', default: DEFAULT_PAPER_OUT },
      { flag: '--calibration', value: 'FILE', description: 'the calibration to use' },
      { flag: '--json', description: 'print the result as JSON' },
    ],
    examples: ['bench paper', 'bench paper --calibration .vmspec/calibration.json --out /tmp/paper'],
  }, async (args, io) => {
    if (args.positional.length > 0) return badInput(io, `unexpected argument '${args.positional[0]}' (bench paper takes only options)`);
    const chosen = await chooseCalibration(lastValue(args, '--calibration'), options.cwd ?? process.cwd());
    if (!chosen.ok) return badInput(io, chosen.error);
    const { calibration, origin } = chosen;
    const run = await paperFromCalibration(calibration, origin, options.sizes);
    if (!run.ok) return badInput(io, run.error);
    const result: PaperResult = run.result;

    const outDir = lastValue(args, '--out') ?? DEFAULT_PAPER_OUT;
    const json = `${JSON.stringify(result, null, 2)}\n`;
    const written = [join(outDir, 'paper.json'), join(outDir, 'paper.svg')];
    try {
      await mkdir(outDir, { recursive: true });
      await writeFile(written[0]!, json);
      await writeFile(written[1]!, overheadChart(result));
    } catch (error) {
      const code = errorCode(error);
      return badInput(io, `cannot write into '${outDir}' (${code})`);
    }
    io.out(args.switches.has('--json') ? json : formatPaperReport(result, written));
    return 0;
  }, ['bench']);
}

/** `vmspec bench paper`: the command as wired into `vmspec` (arguments after `paper`). */
export const paperBenchCommand: CliCommand = makePaperBenchCommand();
