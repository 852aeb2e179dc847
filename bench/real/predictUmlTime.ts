/**
 * The cost model against real User-Mode Linux (issue 13, "time that
 * matches"): the emulator runs the same workload under the `skas0` preset at
 * two lengths, the cost model prices each run with this host's calibration,
 * and the difference per iteration is the prediction; real UML's time per
 * iteration (timeUml: best of several boots at two lengths, no tracer) is the
 * measurement. Nothing here is fitted to UML: the costs come from the probe.
 */
import { forkExitWait, modelRunTime, nullSyscallLoop, pipePingPong, runWorkload, type HostCosts, type ProcessImage, type Workload } from '../../impl/index.ts';
import type { UmlWorkload } from './rootBuilder.ts';

/** The emulator's workload of the same shape as each real one (the shell pipeline has none). */
export const EMULATOR_WORKLOAD: Readonly<Partial<Record<UmlWorkload, (n: number) => Workload>>> = {
  getpid: nullSyscallLoop,
  pingpong: pipePingPong,
  fork: forkExitWait,
};

/**
 * The emulator's workload of `workload`'s shape, its processes running `image` (the real guest program's, read from
 * its ELF file: elfImage.ts) when given; undefined when the emulator has no such workload.
 */
export function emulatorWorkload(workload: UmlWorkload, image?: ProcessImage): ((n: number) => Workload) | undefined {
  const make = EMULATOR_WORKLOAD[workload];
  if (make === undefined || image === undefined) return make;
  return (n) => ({ ...make(n), image });
}

/** Lengths the emulator runs at (its per-iteration difference). */
const EMULATOR_LENGTHS: Readonly<Record<string, readonly [number, number]>> = { getpid: [20, 120], pingpong: [10, 60], fork: [5, 25] };

/** A timer far slower than any loop here: ticks are time, not work, and the measurement's share of them is small. */
const NO_TICKS = 10_000_000;

/** The model's time per iteration of `workload` (running `image`, when given) under skas0 (either stub mode) with `costs`, ns; undefined when the emulator has no such workload. */
export function predictedPerIterationNs(workload: UmlWorkload, costs: HostCosts, image?: ProcessImage, variant: 'skas0' | 'skas0-seccomp' = 'skas0'): number | undefined {
  const make = emulatorWorkload(workload, image);
  const lengths = EMULATOR_LENGTHS[workload];
  if (make === undefined || lengths === undefined) return undefined;
  const [n1, n2] = lengths;
  const modelled = (n: number): number => {
    const run = runWorkload(make(n), { variant, timerInterval: NO_TICKS });
    if (run.observations.end !== 'halted') throw new Error(`${make(n).name} under ${variant} ended with ${run.observations.end}`);
    return modelRunTime(run.counters, costs).totalNs;
  };
  return (modelled(n2) - modelled(n1)) / (n2 - n1);
}

/** One row of the comparison. */
export interface TimeComparison {
  readonly workload: UmlWorkload;
  readonly measuredNs: number;
  /** The prediction under each calibration given (one per probe run), ns. */
  readonly predictedNs: readonly number[];
}

/** The prediction's error against the measurement, in percent, at the middle of its range. */
export function errorPercent(row: TimeComparison): number {
  const sorted = [...row.predictedNs].sort((a, b) => a - b);
  const middle = sorted[Math.floor(sorted.length / 2)]!;
  return ((middle - row.measuredNs) / row.measuredNs) * 100;
}
