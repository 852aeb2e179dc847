/**
 * `vmspec calibrate [--out FILE] [--reps N] [--batch N] [--json]`: measures
 * this host's costs of the operations UMLinux is built from (issue 7) with the
 * C probe, prints them, and writes `calibration.json` for the cost model.
 * No compiler, or a refused ptrace/seccomp: one line saying so, and defaults.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildCalibration, defaultsOnly, defaultsOrigin } from '../bench/probe/buildCalibration.ts';
import type { Calibration } from '../bench/probe/calibration.ts';
import { loadDefaultCalibration } from '../bench/probe/defaultCalibration.ts';
import { formatCalibration } from '../bench/probe/formatCalibration.ts';
import { describeHost } from '../bench/probe/hostDescription.ts';
import { runProbe } from '../bench/probe/runProbe.ts';
import { lastValue, parseCount } from './args.ts';
import { defineCommand, type CliCommand } from './commandSpec.ts';
import type { CliIo } from './io.ts';
import { errorCode } from '../traces/index.ts';

/** Where `calibration.json` goes unless `--out` says otherwise. */
export const DEFAULT_CALIBRATION_PATH = '.vmspec/calibration.json';
/** Samples per figure unless `--reps` says otherwise. */
export const DEFAULT_REPS = 101;
const MAX_REPS = 100_000;

/** What tests (or other callers) may inject. */
export interface CalibrateOptions {
  /** The C compiler command; default `$VMSPEC_CC`, else `cc`. */
  readonly cc?: string;
}


function badInput(io: CliIo, message: string): number {
  io.err(`vmspec calibrate: ${message}\n`);
  return 2;
}

function bounded(name: string, text: string | undefined, fallback: number | undefined): { ok: true; value: number | undefined } | { ok: false; error: string } {
  if (text === undefined) return { ok: true, value: fallback };
  const parsed = parseCount(name, text);
  if (!parsed.ok) return parsed;
  if (parsed.value < 1 || parsed.value > MAX_REPS) return { ok: false, error: `option '${name}' must be between 1 and ${MAX_REPS}, got ${text}` };
  return parsed;
}

/** The `calibrate` command with injected options. */
export function makeCalibrateCommand(options: CalibrateOptions = {}): CliCommand {
  return defineCommand({
    name: 'calibrate',
    summary: "measure this host's syscall, switch, signal, mmap/mprotect and ptrace costs into calibration.json",
    details: 'Compiles and runs a C probe (cc, or $VMSPEC_CC). No compiler, or ptrace/seccomp refused: one line saying so, and the documented defaults.',
    options: [
      { flag: '--out', value: 'FILE', description: 'where the calibration goes', default: DEFAULT_CALIBRATION_PATH },
      { flag: '--reps', value: 'N', description: `samples per figure (1 to ${MAX_REPS})`, default: String(DEFAULT_REPS) },
      { flag: '--batch', value: 'N', description: 'the most operations timed in one sample' },
      { flag: '--json', description: 'print the calibration as JSON' },
    ],
    examples: ['calibrate', 'calibrate --reps 21 --out /tmp/calibration.json'],
  }, async (args, io) => {
    if (args.positional.length > 0) return badInput(io, `unexpected argument '${args.positional[0]}' (calibrate takes only options)`);
    const reps = bounded('--reps', lastValue(args, '--reps'), DEFAULT_REPS);
    if (!reps.ok) return badInput(io, reps.error);
    const batch = bounded('--batch', lastValue(args, '--batch'), undefined);
    if (!batch.ok) return badInput(io, batch.error);
    const outPath = lastValue(args, '--out') ?? DEFAULT_CALIBRATION_PATH;

    // A place that cannot be written is bad input: say so before minutes of probing, not after.
    try {
      await mkdir(dirname(outPath), { recursive: true });
    } catch (error) {
      const code = errorCode(error);
      return badInput(io, `cannot write '${outPath}' (${code})`);
    }
    const cc = options.cc ?? (process.env['VMSPEC_CC'] || 'cc');
    const defaults = loadDefaultCalibration();
    const probed = await runProbe({ cc, reps: reps.value ?? DEFAULT_REPS, ...(batch.value === undefined ? {} : { batchCap: batch.value }) });
    let calibration: Calibration;
    if (probed.ok) {
      calibration = buildCalibration(probed.output, describeHost(cc), defaults);
      const refused = calibration.notes[0];
      if (refused !== undefined) io.err(`vmspec calibrate: ${refused}\n`);
    } else {
      calibration = defaultsOnly(describeHost(null), defaults, probed.failure.message);
      io.err(`vmspec calibrate: ${probed.failure.message}; using the defaults ${defaultsOrigin(defaults)} (bench/probe/defaultCalibration.json)\n`);
    }

    const text = `${JSON.stringify(calibration, null, 2)}\n`;
    try {
      await mkdir(dirname(outPath), { recursive: true });
      await writeFile(outPath, text);
    } catch (error) {
      const code = errorCode(error);
      return badInput(io, `cannot write '${outPath}' (${code})`);
    }
    io.out(args.switches.has('--json') ? text : `${formatCalibration(calibration)}wrote ${outPath}\n`);
    return 0;
  });
}

/** `vmspec calibrate`: the command as wired into `vmspec`. */
export const calibrateCommand: CliCommand = makeCalibrateCommand();
