/**
 * The prediction for one recorded program (issue 14): the log converted
 * (with its page faults) and run on the emulator once per column (the four
 * presets, or the variants asked for), then every calibration's costs applied
 * to the same counters, so each predicted figure has a range over the
 * calibration repetitions. The VMM's added time is the model's time under a
 * variant less its native time for the same guest work; it is added to the
 * native base: the program measured without strace when it was rerun, else
 * the model's native from the log with strace's measured overhead taken off.
 * The same run without page faults says what the faults moved.
 */
import {
  modelNativeTime, modelRunTime, runWorkload, COST_CLASSES,
  type CostClass, type Counters, type HostCosts, type RunResult, type VmmParts, type Workload,
} from '../../impl/index.ts';
import type { Variant } from '../../spec/index.ts';
import { PAPER_DISK_LATENCY, PAPER_KERNEL_DATA_PAGES, PAPER_TIMER_INTERVAL } from '../paper/runPaperBench.ts';
import type { StraceWorkload } from '../strace/straceWorkload.ts';
import { toWorkload, type ConversionSummary } from '../strace/toWorkload.ts';
import { median, type FaultCounts } from './faultEstimate.ts';

/** A figure over the calibration repetitions. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** One column's prediction. */
export interface ColumnPrediction {
  readonly column: string;
  /** Predicted wall time of the program under this variant, µs. */
  readonly timeUs: Spread;
  /** (time − native) / native × 100; its range spans both the calibrations' and the native base's spread. */
  readonly overheadPct: Spread;
  /** The VMM's added time by cost class (median over calibrations), µs. */
  readonly addedByClassUs: Readonly<Record<CostClass, number>>;
  /** The added time the page faults account for: with faults less without (median), µs. */
  readonly faultsAddedUs: number;
  /** Guest demand faults and host minor faults the emulator counted. */
  readonly demandFaults: number;
  readonly hostMinorFaults: number;
}

/** Where the native base comes from. */
export type NativeBase =
  | { readonly kind: 'measured'; readonly command: string; readonly wallUs: readonly number[] }
  | {
    readonly kind: 'modelled';
    /** strace's cost per traced syscall, as measured (or assumed). */
    readonly straceOverheadNs: readonly number[];
    /**
     * The least strace can cost per traced syscall (two ptrace stops, entry and exit), when known: the native's
     * range reaches down to it, as a measurement on a busy machine only errs upward.
     */
    readonly floorNs?: number;
  };

/** The whole prediction of one log. */
export interface ProgramPrediction {
  readonly name: string;
  readonly recording: StraceWorkload['recording'];
  readonly processes: number;
  readonly recordedUs: number;
  readonly conversion: ConversionSummary;
  readonly faults: Omit<FaultCounts, 'byPid'>;
  readonly native: NativeBase;
  /**
   * The native base, µs: measured reruns, or the model's native of the converted log, whose range spans the calibrations
   * and strace's overhead converted at its lowest and highest measurement.
   */
  readonly nativeUs: Spread;
  /** The model's native for the converted log (median over calibrations), µs: what the converted log amounts to. */
  readonly modelledNativeUs: Spread;
  readonly columns: readonly ColumnPrediction[];
}

/** A column that is a plug-in: the variant it is built on, and its parts for each run. */
export interface PluginColumn {
  readonly variant: Variant;
  readonly parts: () => VmmParts;
}

/** How to predict. */
export interface PredictOptions {
  /** Variant names, and the names of `plugins`. */
  readonly columns: readonly string[];
  /** The columns that are plug-ins, by column name. */
  readonly plugins?: ReadonlyMap<string, PluginColumn>;
  readonly costs: readonly HostCosts[];
  readonly faults: FaultCounts;
  readonly native: NativeBase;
  /** µs of strace per traced syscall taken off the log (the median of the measured overhead, or a default). */
  readonly straceOverheadUs: number;
  readonly maxSteps?: number;
}

/** Spread of a list of figures. */
export function spreadOf(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

function run(workload: Workload, variant: string, maxSteps: number, plugin?: PluginColumn): { ok: true; result: RunResult } | { ok: false; error: string } {
  const result = runWorkload(workload, {
    // A plug-in runs on its base variant with its own parts, priced by the same counters as every column.
    variant: plugin?.variant ?? variant, ...(plugin === undefined ? {} : { parts: () => plugin.parts() }), seed: 1, timerInterval: PAPER_TIMER_INTERVAL, diskLatency: PAPER_DISK_LATENCY, kernelDataPages: PAPER_KERNEL_DATA_PAGES, maxSteps,
  });
  if (result.observations.end === 'halted') return { ok: true, result };
  return { ok: false, error: `${workload.name} under ${variant} did not finish within ${maxSteps} guest steps (ended '${result.observations.end}'): refused rather than cut short; raise --max-steps` };
}

/** The added µs of a run under each calibration: its time less the native of the same guest work. */
function added(counters: Counters, native: Counters, costs: HostCosts): number {
  return (modelRunTime(counters, costs).totalNs - modelNativeTime(native, costs).totalNs) / 1000;
}

/** Predicts `trace` under every column; a conversion or run that cannot finish is an error value. */
export function predictProgram(trace: StraceWorkload, name: string, options: PredictOptions): { ok: true; prediction: ProgramPrediction } | { ok: false; error: string } {
  const maxSteps = options.maxSteps ?? 200_000_000;
  const convert = (firstTouches: ReadonlyMap<number, number>, straceOverheadUs = options.straceOverheadUs) => toWorkload(trace, name, { straceOverheadUs, firstTouches });
  /** The model's native per calibration of the log converted with `straceOverheadUs` taken off. */
  const modelledNativeAt = (straceOverheadUs: number): { ok: true; us: number[] } | { ok: false; error: string } => {
    const converted = convert(options.faults.byPid, straceOverheadUs);
    if (!converted.ok) return converted;
    const ran = run(converted.workload, '+multi-as', maxSteps);
    if (!ran.ok) return ran;
    return { ok: true, us: options.costs.map((c) => modelNativeTime(ran.result.counters, c).totalNs / 1000) };
  };
  const withFaults = convert(options.faults.byPid);
  const withoutFaults = convert(new Map());
  if (!withFaults.ok) return withFaults;
  if (!withoutFaults.ok) return withoutFaults;
  const runs = new Map<string, { faults: RunResult; none: RunResult }>();
  for (const column of new Set([...options.columns, '+multi-as'])) {
    const plugin = options.plugins?.get(column);
    const a = run(withFaults.workload, column, maxSteps, plugin);
    if (!a.ok) return a;
    const b = run(withoutFaults.workload, column, maxSteps, plugin);
    if (!b.ok) return b;
    runs.set(column, { faults: a.result, none: b.result });
  }
  // Native reads guest-level counters and first touches once per process: the multi-as run's (nativeModel.ts).
  const nativeRun = runs.get('+multi-as')!;
  const modelledNative = options.costs.map((c) => modelNativeTime(nativeRun.faults.counters, c).totalNs / 1000);
  let nativeUs = spreadOf(options.native.kind === 'measured' ? options.native.wallUs : modelledNative);
  if (options.native.kind === 'modelled') {
    // strace's overhead moves between measurements: the log converted at its lowest (or the floor) and highest widens native's range.
    const overheads = [...options.native.straceOverheadNs, ...(options.native.floorNs === undefined ? [] : [options.native.floorNs])].map((ns) => ns / 1000);
    for (const us of new Set([Math.min(...overheads), Math.max(...overheads)])) {
      if (us === options.straceOverheadUs) continue;
      const at = modelledNativeAt(us);
      if (!at.ok) return at;
      nativeUs = { median: nativeUs.median, min: Math.min(nativeUs.min, ...at.us), max: Math.max(nativeUs.max, ...at.us) };
    }
  }
  const columns = options.columns.map((column): ColumnPrediction => {
    const r = runs.get(column)!;
    // Per calibration: the run's modelled time and the native's for the same guest work.
    const priced = options.costs.map((c) => ({ run: modelRunTime(r.faults.counters, c), native: modelNativeTime(nativeRun.faults.counters, c) }));
    const extra = priced.map((p) => (p.run.totalNs - p.native.totalNs) / 1000);
    const extraNoFaults = options.costs.map((c) => added(r.none.counters, nativeRun.none.counters, c));
    const base = nativeUs.median;
    // The native base's own spread (reruns, or calibrations) is carried: the extremes pair the least added with the slowest native.
    const ratio = (e: number, n: number): number => (n > 0 ? (e / n) * 100 : 0);
    const byClass = Object.fromEntries(COST_CLASSES.map((k) => [k, median(priced.map((p) => (p.run.byClass[k] - p.native.byClass[k]) / 1000))])) as Record<CostClass, number>;
    return {
      column,
      timeUs: { median: base + median(extra), min: nativeUs.min + Math.min(...extra), max: nativeUs.max + Math.max(...extra) },
      overheadPct: { median: ratio(median(extra), base), min: ratio(Math.min(...extra), nativeUs.max), max: ratio(Math.max(...extra), nativeUs.min) },
      addedByClassUs: byClass,
      faultsAddedUs: median(extra) - median(extraNoFaults),
      demandFaults: r.faults.counters.demandPagingFaults,
      hostMinorFaults: r.faults.counters.hostMinorFaults,
    };
  });
  const { byPid: _unused, ...faults } = options.faults;
  return {
    ok: true,
    prediction: {
      name, recording: trace.recording, processes: trace.processes.length, recordedUs: trace.durationUs, conversion: withFaults.summary,
      faults, native: options.native, nativeUs, modelledNativeUs: spreadOf(modelledNative), columns,
    },
  };
}
