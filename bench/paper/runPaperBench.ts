/**
 * Runs the paper's evaluation on the emulator (issue 7, item 4): each
 * microbenchmark at two sizes (the per-unit figure is the difference, so boot
 * and exit cancel) and each real workload once, under the four presets; the
 * cost model turns counters into time, the native model the same guest work.
 */
import {
  COST_CLASSES, modelNativeTime, modelRunTime, runWorkload, tallyTotal,
  type CostClass, type Counters, type HostCosts, type ModelledTime, type RunResult, type Workload,
} from '../../impl/index.ts';
import type { CompositeCheck } from './predictComposites.ts';
import { MICROBENCHMARKS, WORD_BYTES, type Microbenchmark } from './microbenchmarks.ts';
import { PRESETS, type Cell, type Column, type EventRatios, type PaperResult, type Preset, type WorkloadRow } from './paperResult.ts';
import type { RealWorkload } from './realWorkloads.ts';

/** Guest clock units between timer interrupts: 10 000 µs-cycles, Linux 2.4's HZ = 100 on the paper's host. */
export const PAPER_TIMER_INTERVAL = 10_000;
/** Guest clock units a disk read takes (the emulator's default). */
export const PAPER_DISK_LATENCY = 300;
/**
 * Pages of guest kernel data, present in the host page table: the size of the
 * region the probe's measured composite mprotects (256 pages), so every
 * protection switch walks as many entries in the model as on the host.
 */
export const PAPER_KERNEL_DATA_PAGES = 256;
const SEED = 1;
const MEGABYTE = 1 << 20;

/** Runs under every preset. */
type Runs = Readonly<Record<Preset, RunResult>>;

function runAll(workload: Workload): Runs {
  const options = {
    seed: SEED, timerInterval: PAPER_TIMER_INTERVAL, diskLatency: PAPER_DISK_LATENCY, maxSteps: 20_000_000, kernelDataPages: PAPER_KERNEL_DATA_PAGES,
  };
  const entries = PRESETS.map((preset) => {
    const result = runWorkload(workload, { ...options, variant: preset });
    if (result.observations.end !== 'halted') throw new Error(`${workload.name} under ${preset} ended '${result.observations.end}'`);
    return [preset, result] as const;
  });
  return Object.fromEntries(entries) as Record<Preset, RunResult>;
}

function scale(time: ModelledTime, minus: ModelledTime | undefined, per: number): ModelledTime {
  const byClass = Object.fromEntries(COST_CLASSES.map((c) => [c, (time.byClass[c] - (minus?.byClass[c] ?? 0)) / per])) as Record<CostClass, number>;
  return { totalNs: (time.totalNs - (minus?.totalNs ?? 0)) / per, byClass };
}

/** Per-unit times by column; native from the multi-as counters (first touches only). */
function cells(times: Readonly<Record<Column, ModelledTime>>): Record<Column, Cell> {
  const native = times.native.totalNs;
  const cell = (t: ModelledTime): Cell => ({ timeNs: t.totalNs, overhead: native > 0 ? t.totalNs / native : 0, byClass: t.byClass });
  return { native: cell(times.native), ...Object.fromEntries(PRESETS.map((p) => [p, cell(times[p])])) } as Record<Column, Cell>;
}

function timesOf(runs: Runs, costs: HostCosts): Record<Column, ModelledTime> {
  return {
    native: modelNativeTime(runs['+multi-as'].counters, costs),
    ...Object.fromEntries(PRESETS.map((p) => [p, modelRunTime(runs[p].counters, costs)])),
  } as Record<Column, ModelledTime>;
}

/** Host operations per guest event of one run. */
export function eventRatios(c: Counters): EventRatios {
  const syscalls = Math.max(1, tallyTotal(c.guestSyscalls));
  const memoryOps = c.mmapCalls + c.munmapCalls + c.mprotectCalls;
  return {
    hostSwitchesPerSyscall: c.hostContextSwitches / syscalls,
    ptraceStopsPerSyscall: c.ptraceStops / syscalls,
    hostSyscallsPerSyscall: tallyTotal(c.hostSyscalls) / syscalls,
    signalsPerSyscall: tallyTotal(c.signals) / syscalls,
    memoryOpsPerSyscall: memoryOps / syscalls,
    minorFaultsPerSyscall: c.hostMinorFaults / syscalls,
    addressSpaceOpsPerSwitch: c.guestContextSwitches === 0 ? null
      : (c.mmapCalls + c.munmapCalls + (c.hostSyscalls['switch-guest'] ?? 0)) / c.guestContextSwitches,
  };
}

function guestOf(c: Counters): WorkloadRow['guest'] {
  return { syscalls: tallyTotal(c.guestSyscalls), contextSwitches: c.guestContextSwitches, computeCycles: c.computeCycles };
}

function events(runs: Runs): Record<Preset, EventRatios> {
  return Object.fromEntries(PRESETS.map((p) => [p, eventRatios(runs[p].counters)])) as Record<Preset, EventRatios>;
}

/** Words the second process read (the pipe transfer's payload). */
function wordsRead(run: RunResult): number {
  let words = 0;
  for (const o of run.observations.log) if (o.kind === 'syscall' && o.nr === 'read' && o.pid === 2 && o.result > 0) words += o.result;
  return words;
}

/** The units a microbenchmark run did: calls, switches, or tenths of 10 MB. */
function unitsOf(bench: Microbenchmark, run: RunResult): number {
  switch (bench.id) {
    case 'null-syscall':
      return run.counters.guestSyscalls.getpid ?? 0;
    case 'context-switch':
      return run.counters.guestContextSwitches;
    case 'pipe-10mb':
      return (wordsRead(run) * WORD_BYTES) / (10 * MEGABYTE);
  }
}

/** One microbenchmark row: runs at `size` and `2 × size`, per-unit = difference / units difference. */
export function microRow(bench: Microbenchmark, costs: HostCosts, size: number = bench.size): WorkloadRow {
  const small = runAll(bench.workload(size));
  const large = runAll(bench.workload(2 * size));
  const units = unitsOf(bench, large['+multi-as']) - unitsOf(bench, small['+multi-as']);
  if (units <= 0) throw new Error(`${bench.id}: no units between sizes ${size} and ${2 * size}`);
  const [t1, t2] = [timesOf(small, costs), timesOf(large, costs)];
  const times = Object.fromEntries((['native', ...PRESETS] as const).map((c) => [c, scale(t2[c], t1[c], units)])) as Record<Column, ModelledTime>;
  const displayNs = bench.unit.startsWith('ms') ? 1e6 : 1e3;
  const method = bench.id === 'pipe-10mb'
    ? `(time of ${2 * size} − time of ${size} writes of 64 words) × 10 MB / bytes moved between them: extrapolated per MB, not run at 10 MB`
    : `(time at ${2 * size} − time at ${size}) / ${bench.id === 'null-syscall' ? 'calls' : 'switches'} between them`;
  return {
    id: bench.id, title: bench.title, kind: 'micro', unit: bench.unit, displayNs, method,
    cells: cells(times), events: events(large), guest: guestOf(large['+multi-as'].counters),
  };
}

/** One real-workload row: one run per preset, time per run. */
export function realRow(real: RealWorkload, costs: HostCosts): WorkloadRow {
  const runs = runAll(real.workload);
  return {
    id: real.id, title: real.title, kind: 'real', unit: 'ms per run', displayNs: 1e6, method: 'one run of the converted strace log',
    cells: cells(timesOf(runs, costs)), events: events(runs), guest: guestOf(runs['+multi-as'].counters),
  };
}

/** Everything but the calibration description: rows for the microbenchmarks (optionally resized) and the real workloads. */
export function runPaperBench(
  costs: HostCosts,
  composites: readonly CompositeCheck[],
  reals: readonly RealWorkload[],
  calibration: PaperResult['calibration'],
  sizes: Partial<Record<Microbenchmark['id'], number>> = {},
): PaperResult {
  const rows = [
    ...MICROBENCHMARKS.map((bench) => microRow(bench, costs, sizes[bench.id] ?? bench.size)),
    ...reals.map((real) => realRow(real, costs)),
  ];
  return {
    format: 'vmspec-paper-bench', version: 1, calibration, costs,
    run: { timerInterval: PAPER_TIMER_INTERVAL, diskLatency: PAPER_DISK_LATENCY, seed: SEED }, composites, rows,
  };
}
