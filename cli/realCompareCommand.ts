/**
 * `vmspec real compare [WORKLOAD…]`: the cost model's prediction of real
 * User-Mode Linux against its measured time, in one run: the probe measures
 * this host (--repeat times, or --calibration files), the emulator's skas0
 * variant runs each workload, the model prices it; UML is timed without a
 * tracer (best of --runs boots at two lengths). Prints predicted versus
 * measured per iteration with the error; the model is not fitted to UML.
 * `--mode seccomp` predicts and times seccomp stubs (the emulator's
 * skas0-seccomp); `--mode both` also prints seccomp/ptrace, measured against
 * predicted.
 */
import { costsFromCalibration } from '../bench/paper/costsFromCalibration.ts';
import { chooseCalibrations } from '../bench/predict/repeatCalibration.ts';
import { buildRoot, detectUmlHost, elfImage, STUB_MODES, timeUml, UML_WORKLOADS, type StubMode, type UmlWorkload } from '../bench/real/index.ts';
import { errorPercent, EMULATOR_WORKLOAD, predictedPerIterationNs, type TimeComparison } from '../bench/real/predictUmlTime.ts';
import { lastValue, positiveCountOption } from './args.ts';
import { unknownName } from './suggest.ts';
import { defineCommand, type CliCommand } from './commandSpec.ts';
import type { CliIo } from './io.ts';
import { DEFAULT_PAIRS } from './realCommand.ts';
import { PIN_OPTION, pinOption } from './realArgs.ts';
import { formatTable } from './table.ts';

/** How far the prediction may be off and still be called a match (the issue's aim). */
export const TOLERANCE_PERCENT = 25;
const PROBE_REPS = 31;

const fail = (io: CliIo, message: string): number => {
  io.err(`vmspec real compare: ${message}\n`);
  return 2;
};

const us = (ns: number): string => (ns / 1000).toFixed(2);

const middle = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Per workload timed in both modes: seccomp's time over ptrace's, measured and predicted, and the prediction's error. */
export function seccompOverPtrace(rows: readonly (TimeComparison & { readonly mode: StubMode })[]): { workload: UmlWorkload; measured: number; predicted: number; errorPercent: number }[] {
  return rows.filter((r) => r.mode === 'ptrace').flatMap((p) => {
    const s = rows.find((r) => r.mode === 'seccomp' && r.workload === p.workload);
    if (s === undefined) return [];
    const measured = s.measuredNs / p.measuredNs;
    const predicted = middle(s.predictedNs) / middle(p.predictedNs);
    return [{ workload: p.workload, measured, predicted, errorPercent: ((predicted - measured) / measured) * 100 }];
  });
}

/** `vmspec real compare`. */
export const realCompareCommand: CliCommand = defineCommand({
  name: 'compare',
  summary: "predict real UML's time per getpid, ping-pong round and fork from this host's calibration, and measure it",
  arguments: '[WORKLOAD…]',
  details: `WORKLOAD: ${Object.keys(EMULATOR_WORKLOAD).join(', ')} (default: all). The prediction: the emulator's skas0 run priced by the cost model; the measurement: real UML without strace, best of --runs boots at two lengths, differenced. A row off by more than ${TOLERANCE_PERCENT}% says OFF. The probe runs on one CPU; --pin runs UML so too (unpinned, UML's stubs also run on other CPUs, and waking a stub there costs more).`,
  options: [
    { flag: '--runs', value: 'R', description: 'UML boots per length (the best counts)', default: '3' },
    { flag: '--repeat', value: 'K', description: 'probe runs here (the prediction is given for each)', default: '2' },
    { flag: '--calibration', value: 'FILE', description: 'use these calibrations instead of probing (repeatable)', repeatable: true },
    PIN_OPTION,
    { flag: '--mode', value: 'MODE', description: "UML's stub mode: ptrace, seccomp, or both (both: the seccomp/ptrace ratio too)", default: 'ptrace' },
    { flag: '--json', description: 'print the rows as JSON' },
  ],
  examples: ['real compare', 'real compare getpid pingpong --runs 5', 'real compare --pin 0', 'real compare --calibration .vmspec/calibration.json'],
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
  const pin = pinOption(args);
  if (!pin.ok) return fail(io, pin.error);
  const modeName = lastValue(args, '--mode') ?? 'ptrace';
  const modes = modeName === 'both' ? STUB_MODES : STUB_MODES.filter((m) => m === modeName);
  if (modes.length === 0) return fail(io, unknownName('stub mode', modeName, [...STUB_MODES, 'both']));
  for (const mode of modes) {
    const host = await detectUmlHost({ strace: false, mode });
    if (!host.ok) return fail(io, host.reason);
  }
  const files = args.values.get('--calibration') ?? [];
  const chosen = await chooseCalibrations(
    files.length > 0 ? { kind: 'files', paths: files } : { kind: 'probe', repeat: repeat.value, reps: PROBE_REPS, cc: process.env['VMSPEC_CC'] || 'cc' },
    (line) => io.err(`  ${line}\n`),
  );
  if (!chosen.ok) return fail(io, chosen.error);
  // The prediction is of this host: the defaults a failed probe falls back to are another host's.
  if (!chosen.value.thisHost) return fail(io, `the probe could not measure this host (${chosen.value.origin})`);
  const costs = chosen.value.calibrations.map((c) => costsFromCalibration(c));
  // One guest root for every workload (building it compiles the guest program).
  const built = await buildRoot();
  if (!built.ok) return fail(io, built.reason);
  const rows: (TimeComparison & { readonly mode: StubMode })[] = [];
  try {
    const read = await elfImage(built.root.program);
    if (!read.ok) return fail(io, read.reason);
    for (const workload of workloads) {
      const [n1, n2] = DEFAULT_PAIRS[workload];
      for (const mode of modes) {
        const timed = await timeUml(workload, {
          n1, n2, runs: runs.value, root: built.root, mode, ...(pin.value === undefined ? {} : { pinCpu: pin.value }),
          onBoot: (n, run) => io.err(`  ${workload} (${mode}): boot ${run + 1}/${runs.value} × ${n}\n`),
        });
        if (!timed.ok) return fail(io, timed.reason);
        const variant = mode === 'seccomp' ? 'skas0-seccomp' : 'skas0';
        rows.push({ workload, mode, measuredNs: timed.timing.perIterationNs, predictedNs: costs.map((c) => predictedPerIterationNs(workload, c, read.image, variant)!) });
      }
    }
  } finally {
    await built.root.remove();
  }
  const ratios = seccompOverPtrace(rows);
  if (args.switches.has('--json')) {
    io.out(`${JSON.stringify({
      costs: chosen.value.origin, pinnedCpu: pin.value ?? null, tolerancePercent: TOLERANCE_PERCENT, rows: rows.map((r) => ({ ...r, errorPercent: errorPercent(r) })), seccompOverPtrace: ratios,
    }, null, 2)}\n`);
    return 0;
  }
  const table = [['per iteration', 'stubs', 'measured µs', 'predicted µs', 'error', 'verdict'], ...rows.map((r) => {
    const lo = Math.min(...r.predictedNs);
    const hi = Math.max(...r.predictedNs);
    const error = errorPercent(r);
    return [r.workload, r.mode, us(r.measuredNs), lo === hi ? us(lo) : `${us(lo)}–${us(hi)}`, `${error >= 0 ? '+' : ''}${error.toFixed(0)}%`, Math.abs(error) <= TOLERANCE_PERCENT ? 'within' : 'OFF'];
  })];
  const ratioLines = ratios.map((r) => `${r.workload}: seccomp/ptrace ×${r.measured.toFixed(2)} measured, ×${r.predicted.toFixed(2)} predicted (${r.errorPercent >= 0 ? '+' : ''}${r.errorPercent.toFixed(0)}%)`);
  io.out(`${formatTable(table, io)}\n${ratioLines.map((l) => `${l}\n`).join('')}costs: ${chosen.value.origin}; measured: real UML, best of ${runs.value} boots at two lengths, no tracer, ${pin.value === undefined ? 'on any CPU (the probe runs on one; --pin runs UML so too)' : `on CPU ${pin.value} only, as the probe runs`}; aim: within ±${TOLERANCE_PERCENT}%\n`);
  return 0;
}, ['real']);
