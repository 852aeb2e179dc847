/**
 * `vmspec real compare [WORKLOAD…]`: the cost model's prediction of real
 * User-Mode Linux against its measured time, in one run: the probe measures
 * this host (--repeat times, or --calibration files), the emulator's skas0
 * variant runs each workload, the model prices it; UML is timed without a
 * tracer (best of --runs boots at two lengths). Prints predicted versus
 * measured per iteration with the error; the model is not fitted to UML.
 */
import { readFile } from 'node:fs/promises';
import { costsFromCalibration } from '../bench/paper/costsFromCalibration.ts';
import { buildCalibration } from '../bench/probe/buildCalibration.ts';
import { parseCalibration, type Calibration } from '../bench/probe/calibration.ts';
import { loadDefaultCalibration } from '../bench/probe/defaultCalibration.ts';
import { describeHost } from '../bench/probe/hostDescription.ts';
import { runProbe } from '../bench/probe/runProbe.ts';
import { detectUmlHost, timeUml, UML_WORKLOADS, type UmlWorkload } from '../bench/real/index.ts';
import { errorPercent, EMULATOR_WORKLOAD, predictedPerIterationNs, type TimeComparison } from '../bench/real/predictUmlTime.ts';
import { positiveCountOption } from './args.ts';
import { defineCommand, type CliCommand } from './commandSpec.ts';
import type { CliIo } from './io.ts';
import { DEFAULT_PAIRS } from './realCommand.ts';
import { formatTable } from './table.ts';

/** How far the prediction may be off and still be called a match (the aim). */
export const TOLERANCE_PERCENT = 25;
const PROBE_REPS = 31;

const fail = (io: CliIo, message: string): number => {
  io.err(`vmspec real compare: ${message}\n`);
  return 2;
};

async function calibrations(files: readonly string[], repeat: number, io: CliIo): Promise<{ ok: true; list: Calibration[]; origin: string } | { ok: false; error: string }> {
  if (files.length > 0) {
    const list: Calibration[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        return { ok: false, error: `cannot read calibration '${file}' (${error instanceof Error ? error.message : String(error)})` };
      }
      const parsed = parseCalibration(text);
      if (!parsed.ok) return { ok: false, error: `${file}: ${parsed.error}` };
      list.push(parsed.calibration);
    }
    return { ok: true, list, origin: `--calibration ${files.join(', ')}` };
  }
  const cc = process.env['VMSPEC_CC'] || 'cc';
  const list: Calibration[] = [];
  for (let i = 0; i < repeat; i++) {
    io.err(`  probe ${i + 1}/${repeat} (${PROBE_REPS} samples per figure)\n`);
    const probed = await runProbe({ cc, reps: PROBE_REPS });
    if (!probed.ok) return { ok: false, error: `the probe could not measure this host: ${probed.failure.message}` };
    list.push(buildCalibration(probed.output, describeHost(cc), loadDefaultCalibration()));
  }
  return { ok: true, list, origin: `the probe, run ${repeat} time(s) here` };
}

const us = (ns: number): string => (ns / 1000).toFixed(2);

/** `vmspec real compare`. */
export const realCompareCommand: CliCommand = defineCommand({
  name: 'compare',
  summary: "predict real UML's time per getpid, ping-pong round and fork from this host's calibration, and measure it",
  arguments: '[WORKLOAD…]',
  details: `WORKLOAD: ${Object.keys(EMULATOR_WORKLOAD).join(', ')} (default: all). The prediction: the emulator's skas0 run priced by the cost model; the measurement: real UML without strace, best of --runs boots at two lengths, differenced. A row off by more than ${TOLERANCE_PERCENT}% says OFF.`,
  options: [
    { flag: '--runs', value: 'R', description: 'UML boots per length (the best counts)', default: '3' },
    { flag: '--repeat', value: 'K', description: 'probe runs here (the prediction is given for each)', default: '2' },
    { flag: '--calibration', value: 'FILE', description: 'use these calibrations instead of probing (repeatable)', repeatable: true },
    { flag: '--json', description: 'print the rows as JSON' },
  ],
  examples: ['real compare', 'real compare getpid pingpong --runs 5', 'real compare --calibration .vmspec/calibration.json'],
}, async (args, io) => {
  const names = args.positional.length === 0 ? Object.keys(EMULATOR_WORKLOAD) : args.positional;
  const workloads: UmlWorkload[] = [];
  for (const name of names) {
    if (!(UML_WORKLOADS as readonly string[]).includes(name) || EMULATOR_WORKLOAD[name as UmlWorkload] === undefined) {
      return fail(io, `unknown workload '${name}' (one of: ${Object.keys(EMULATOR_WORKLOAD).join(', ')})`);
    }
    workloads.push(name as UmlWorkload);
  }
  const runs = positiveCountOption(args, '--runs', 3);
  if (!runs.ok) return fail(io, runs.error);
  const repeat = positiveCountOption(args, '--repeat', 2);
  if (!repeat.ok) return fail(io, repeat.error);
  const host = await detectUmlHost({ strace: false });
  if (!host.ok) return fail(io, host.reason);
  const chosen = await calibrations(args.values.get('--calibration') ?? [], repeat.value, io);
  if (!chosen.ok) return fail(io, chosen.error);
  const costs = chosen.list.map((c) => costsFromCalibration(c));
  const rows: TimeComparison[] = [];
  for (const workload of workloads) {
    const [n1, n2] = DEFAULT_PAIRS[workload];
    const timed = await timeUml(workload, { n1, n2, runs: runs.value, onBoot: (n, run) => io.err(`  ${workload}: boot ${run + 1}/${runs.value} × ${n}\n`) });
    if (!timed.ok) return fail(io, timed.reason);
    rows.push({ workload, measuredNs: timed.timing.perIterationNs, predictedNs: costs.map((c) => predictedPerIterationNs(workload, c)!) });
  }
  if (args.switches.has('--json')) {
    io.out(`${JSON.stringify({ costs: chosen.origin, tolerancePercent: TOLERANCE_PERCENT, rows: rows.map((r) => ({ ...r, errorPercent: errorPercent(r) })) }, null, 2)}\n`);
    return 0;
  }
  const table = [['per iteration', 'measured µs', 'predicted µs', 'error', 'verdict'], ...rows.map((r) => {
    const lo = Math.min(...r.predictedNs);
    const hi = Math.max(...r.predictedNs);
    const error = errorPercent(r);
    return [r.workload, us(r.measuredNs), lo === hi ? us(lo) : `${us(lo)}–${us(hi)}`, `${error >= 0 ? '+' : ''}${error.toFixed(0)}%`, Math.abs(error) <= TOLERANCE_PERCENT ? 'within' : 'OFF'];
  })];
  io.out(`${formatTable(table, io)}\ncosts: ${chosen.origin}; measured: real UML, best of ${runs.value} boots at two lengths, no tracer; aim: within ±${TOLERANCE_PERCENT}%\n`);
  return 0;
}, ['real']);
