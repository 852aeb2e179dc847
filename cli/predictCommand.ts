/**
 * `vmspec predict LOG…` (issue 14): the paper's evaluation for your own
 * program. Each LOG is one strace log (any flavour), or the PREFIX of one
 * run's `-ff -o PREFIX` files. Prints per program the predicted time and
 * overhead under the four presets and real UML's skas0 (or `--variant`s) with ranges over repeated
 * calibrations, what was converted and what was not, where page faults and
 * the native base come from; checks the model on the probe's composites
 * (exit 1 and a `MODEL OFF` line past the tolerance); writes predict.json and
 * predict.svg.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { compositeVerdicts } from '../bench/predict/compositeVerdict.ts';
import { faultCounts, median, type FaultSource } from '../bench/predict/faultEstimate.ts';
import { measureNative } from '../bench/predict/nativeRun.ts';
import { predictChart, type ReferenceFigures } from '../bench/predict/predictChart.ts';
import { formatPredictReport, type PredictReport } from '../bench/predict/predictReport.ts';
import { predictProgram, type NativeBase, type ProgramPrediction } from '../bench/predict/predictRun.ts';
import { chooseCalibrations, type CalibrationChoice } from '../bench/predict/repeatCalibration.ts';
import { measureStraceOverhead } from '../bench/predict/straceOverhead.ts';
import { costsFromCalibration } from '../bench/paper/costsFromCalibration.ts';
import { PRESETS } from '../bench/paper/paperResult.ts';
import { readStraceLogs } from '../bench/strace/readStraceLog.ts';
import { REAL_PRESETS } from '../spec/index.ts';
import { lastValue, parseCount, positiveCountOption } from './args.ts';
import { defineCommand, type CliCommand } from './commandSpec.ts';
import type { CliIo } from './io.ts';
import { predictColumns } from './predictColumns.ts';
import { errorCode } from '../traces/index.ts';

/** The columns unless `--variant` names others: the paper's four presets, and the mechanism of real User-Mode Linux (skas0), the one held to a real VMM's measured time by `vmspec real compare`. */
export const DEFAULT_PREDICT_VARIANTS: readonly string[] = [...PRESETS, ...Object.keys(REAL_PRESETS)];

/** Where predict.json and predict.svg go unless `--out` says otherwise. */
export const DEFAULT_PREDICT_OUT = '.vmspec/predict';
/** strace's cost per traced syscall when it is not measured (the paper bench's old figure: one ptrace stop). */
export const ASSUMED_STRACE_OVERHEAD_NS = 6000;

function badInput(io: CliIo, message: string): number {
  io.err(`vmspec predict: ${message}\n`);
  return 2;
}

/** The files of one LOG argument: the file itself, or PREFIX.PID files of an `-ff -o PREFIX` run. */
export function logFiles(arg: string): { ok: true; files: readonly string[] } | { ok: false; error: string } {
  if (existsSync(arg)) return { ok: true, files: [arg] };
  const dir = dirname(arg);
  const prefix = `${basename(arg)}.`;
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(prefix) && /^\d+(\.gz)?$/.test(n.slice(prefix.length)));
  } catch {
    names = [];
  }
  if (names.length === 0) return { ok: false, error: `cannot read log '${arg}' (no such file, nor ${arg}.PID files of strace -ff -o)` };
  return { ok: true, files: names.sort().map((n) => join(dir, n)) };
}

async function readReference(path: string | undefined): Promise<{ ok: true; value: ReferenceFigures } | { ok: false; error: string }> {
  if (path === undefined) return { ok: true, value: {} };
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return { ok: false, error: `cannot read reference figures '${path}' (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, error: `${path}: $: expected an object of program → label → percent` };
  for (const [program, figures] of Object.entries(json)) {
    if (typeof figures !== 'object' || figures === null || Array.isArray(figures)) return { ok: false, error: `${path}: $.${program}: expected an object of label → percent` };
    for (const [label, v] of Object.entries(figures)) if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, error: `${path}: $.${program}.${label}: expected a number (percent)` };
  }
  return { ok: true, value: json as ReferenceFigures };
}

/** What tests may inject. */
export interface PredictOptions {
  readonly cc?: string;
}

/** The `predict` command with injected options. */
export function makePredictCommand(options: PredictOptions = {}): CliCommand {
  return defineCommand({
    name: 'predict',
    summary: 'predicted time and overhead of your own program under the VMM variants, from its strace log',
    arguments: 'LOG…',
    details: [
      'Each LOG is a strace log (-t, -tt, -ttt or -r stamps, -T or not, -f or not; .gz read as gzip) or the PREFIX of one run\'s',
      '`strace -ff -o PREFIX` files. Costs: the probe run --repeat times here (ranges over them), or --calibration files, or',
      '--defaults. Page faults: measured with --run (the program rerun without strace through a getrusage wrapper, which also',
      'measures native), given with --faults, else estimated from the log and printed as an estimate.',
      'A probe run too noisy to judge is dropped; when none is left, the figures move between runs, or the load average reaches',
      'the cores (a busy machine), the defaults are used and the first line says why. Calls the emulator lacks are listed',
      'with their counts and price.',
      'Exit codes: 0 ok, 1 MODEL OFF (the model misses a measured composite beyond tolerance + noise, the noise capped at 15%),',
      '2 bad input.',
    ].join('\n'),
    options: [
      { flag: '--run', value: 'CMD', repeatable: true, description: 'rerun the I-th LOG\'s program natively (sh -c CMD) to measure native time and page faults' },
      { flag: '--runs', value: 'N', description: 'native reruns per --run', default: '3' },
      { flag: '--faults', value: 'N', repeatable: true, description: 'minor faults of the I-th LOG\'s program, measured elsewhere' },
      { flag: '--calibration', value: 'FILE', repeatable: true, description: 'a calibration file (each one repetition) instead of probing' },
      { flag: '--defaults', description: "use the committed default costs (not this host's)" },
      { flag: '--repeat', value: 'K', description: 'probe runs (and strace-overhead measurements) here', default: '3' },
      { flag: '--reps', value: 'R', description: 'samples per probe figure', default: '11' },
      { flag: '--strace-overhead', value: 'NS', description: 'assume strace adds NS per traced syscall instead of measuring it' },
      { flag: '--variant', value: 'V', repeatable: true, description: 'a variant, preset or plug-in file (.ts, .mjs, …) to predict; plug-ins are priced after the variants named, else after the four presets and skas0, real UML\'s mechanism' },
      { flag: '--reference', value: 'FILE', description: 'JSON of program → label → overhead % drawn beside the model\'s bars' },
      { flag: '--out', value: 'DIR', description: 'where predict.json and predict.svg go', default: DEFAULT_PREDICT_OUT },
      { flag: '--max-steps', value: 'N', description: 'guest steps a converted program may take before it is refused', default: '200000000' },
      { flag: '--json', description: 'print the report as JSON' },
    ],
    examples: [
      'predict make.strace --run "make -C proj clean all"',
      'predict run --defaults            # run.1234, run.1235, … from strace -ff -tt -T -o run',
      'predict a.strace b.strace --calibration c1.json --calibration c2.json --json',
      'predict make.strace --variant my-plugins/read-only-kernel.ts   # the plug-in next to the presets',
    ],
  }, async (args, io) => {
    if (args.positional.length === 0) return badInput(io, 'give at least one strace log (see vmspec predict --help)');
    const logs = args.positional.map(logFiles);
    const badLog = logs.find((l) => !l.ok);
    if (badLog !== undefined && !badLog.ok) return badInput(io, badLog.error);
    const runsOption = positiveCountOption(args, '--runs', 3);
    const repeat = positiveCountOption(args, '--repeat', 3);
    const reps = positiveCountOption(args, '--reps', 11);
    const maxSteps = positiveCountOption(args, '--max-steps', 200_000_000);
    for (const o of [runsOption, repeat, reps, maxSteps]) if (!o.ok) return badInput(io, o.error);
    if (!runsOption.ok || !repeat.ok || !reps.ok || !maxSteps.ok) return 2;
    const runCommands = args.values.get('--run') ?? [];
    const givenFaults = args.values.get('--faults') ?? [];
    if (runCommands.length > args.positional.length) return badInput(io, `${runCommands.length} --run commands for ${args.positional.length} logs (the I-th --run reruns the I-th log's program)`);
    const faultsGiven: number[] = [];
    for (const text of givenFaults) {
      const n = parseCount('--faults', text);
      if (!n.ok) return badInput(io, n.error);
      faultsGiven.push(n.value);
    }
    const chosenColumns = await predictColumns(args.values.get('--variant'), DEFAULT_PREDICT_VARIANTS);
    if (!chosenColumns.ok) return badInput(io, chosenColumns.error);
    const { columns, plugins } = chosenColumns;
    const reference = await readReference(lastValue(args, '--reference'));
    if (!reference.ok) return badInput(io, reference.error);
    const cc = options.cc ?? (process.env['VMSPEC_CC'] || 'cc');
    const files = args.values.get('--calibration') ?? [];
    const choice: CalibrationChoice = files.length > 0 ? { kind: 'files', paths: files } : args.switches.has('--defaults') ? { kind: 'defaults' } : { kind: 'probe', repeat: repeat.value, reps: reps.value, cc };
    const chosen = await chooseCalibrations(choice, (line) => io.err(`vmspec predict: ${line}\n`));
    if (!chosen.ok) return badInput(io, chosen.error);
    const costs = chosen.value.calibrations.map((c) => costsFromCalibration(c));

    let straceOverhead: PredictReport['straceOverhead'];
    const assumed = lastValue(args, '--strace-overhead');
    if (assumed !== undefined) {
      const n = parseCount('--strace-overhead', assumed);
      if (!n.ok) return badInput(io, n.error);
      straceOverhead = { assumedNs: n.value, why: 'given with --strace-overhead' };
    } else {
      const measured = await measureStraceOverhead(repeat.value, cc);
      straceOverhead = measured.ok ? { measuredNs: measured.value } : { assumedNs: ASSUMED_STRACE_OVERHEAD_NS, why: `not measurable here: ${measured.error}` };
    }
    // Other jobs only add to the traced loop's time, so the least-disturbed measurement is the estimate (it moves least
    // between runs on a shared machine); the highest bounds the modelled native's range.
    const overheadNs = 'measuredNs' in straceOverhead ? Math.min(...straceOverhead.measuredNs) : straceOverhead.assumedNs;

    const programs: ProgramPrediction[] = [];
    for (let i = 0; i < logs.length; i++) {
      const log = logs[i]!;
      if (!log.ok) return 2;
      const read = await readStraceLogs(log.files);
      if (!read.ok) return badInput(io, read.error);
      let native: NativeBase = {
        kind: 'modelled', straceOverheadNs: 'measuredNs' in straceOverhead ? straceOverhead.measuredNs : [straceOverhead.assumedNs],
        floorNs: 2 * (chosen.value.lowestPtraceStopNs ?? median(costs.map((c) => c.ptraceStopNs))),
      };
      let source: FaultSource = faultsGiven[i] === undefined ? { kind: 'estimated' } : { kind: 'given', total: faultsGiven[i]! };
      const command = runCommands[i];
      if (command !== undefined) {
        io.err(`vmspec predict: rerunning '${command}' ${runsOption.value} times without strace\n`);
        const ran = await measureNative(command, runsOption.value, cc);
        if (!ran.ok) return badInput(io, ran.error);
        native = { kind: 'measured', command, wallUs: ran.value.wallUs };
        if (faultsGiven[i] === undefined) source = { kind: 'measured', how: `getrusage of '${command}' over ${runsOption.value} runs`, totals: ran.value.minorFaults };
      }
      const predicted = predictProgram(read.workload, basename(args.positional[i]!).replace(/\.strace(\.gz)?$|\.gz$/, ''), {
        columns, plugins, costs, faults: faultCounts(read.workload, source), native, straceOverheadUs: overheadNs / 1000, maxSteps: maxSteps.value,
      });
      if (!predicted.ok) return badInput(io, predicted.error);
      programs.push(predicted.prediction);
    }

    const verdicts = compositeVerdicts(chosen.value.calibrations, costs);
    if (!verdicts.ok) return badInput(io, verdicts.error);
    const report: PredictReport = {
      format: 'vmspec-predict', version: 1,
      costs: { origin: chosen.value.origin, thisHost: chosen.value.thisHost, calibrations: chosen.value.calibrations.length, busy: chosen.value.busy, nullSyscallNs: median(costs.map((c) => c.syscallNs)) },
      straceOverhead, composites: verdicts.verdicts, programs,
      assumptions: [
        'switch-guest (+multi-as) costs one null syscall and a segment-bound change (+segment-bounds) nothing: a stock host cannot measure either',
        'a process touches its 16 most recent pages again after each compute gap (its working set; under remap they fault in again after a guest switch)',
        'a blocking call waits for one disk interrupt; idle time is not charged in any column',
        ...(plugins.size > 0 ? ['a plug-in is priced by the host operations its strategies make, like every column: a register it writes costs nothing'] : []),
      ],
    };
    const outDir = lastValue(args, '--out') ?? DEFAULT_PREDICT_OUT;
    const json = `${JSON.stringify(report, null, 2)}\n`;
    const written = [join(outDir, 'predict.json'), join(outDir, 'predict.svg')];
    // Calibrations measured now are kept, so the same costs can be given again (--calibration) for a comparison.
    const measuredNow = choice.kind === 'probe' && chosen.value.thisHost ? chosen.value.calibrations : [];
    const calibrationFiles = measuredNow.map((_, i) => join(outDir, `calibration-${i + 1}.json`));
    try {
      await mkdir(outDir, { recursive: true });
      await writeFile(written[0]!, json);
      await writeFile(written[1]!, predictChart(report, reference.value));
      for (let i = 0; i < measuredNow.length; i++) await writeFile(calibrationFiles[i]!, `${JSON.stringify(measuredNow[i], null, 2)}\n`);
      written.push(...calibrationFiles);
    } catch (error) {
      const code = errorCode(error);
      return badInput(io, `cannot write into '${outDir}' (${code})`);
    }
    io.out(args.switches.has('--json') ? json : formatPredictReport(report, written));
    const off = verdicts.verdicts.filter((v) => v.off);
    if (off.length > 0) io.err(`vmspec predict: MODEL OFF on ${off.map((v) => v.name).join(', ')}: the predictions above rest on a cost model that misses what it was checked against\n`);
    return off.length > 0 ? 1 : 0;
  });
}

/** `vmspec predict`: the command as wired into `vmspec`. */
export const predictCommand: CliCommand = makePredictCommand();
