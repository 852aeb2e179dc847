/**
 * The trace header of one emulator run, in the trace format: every trace the
 * emulator writes (recorded workloads, saved counterexamples) names the same
 * emulator and says whether the run went all the way to a halted guest.
 */
import type { RunResult } from '../impl/index.ts';
import { variantName, type Variant } from '../spec/index.ts';
import { TRACE_FORMAT, TRACE_FORMAT_VERSION, type TraceHeader } from '../traces/index.ts';

/** The emulator's name and version in trace headers. */
export const EMULATOR_ID = 'vmspec-emulator 0.1.0';

/** The header of the trace of a run under `variant` (`result` undefined: the run threw, so its trace is empty and incomplete). */
export function emulatorTraceHeader(variant: Variant, result: RunResult | undefined, workload: string, seed: number | null): TraceHeader {
  return {
    format: TRACE_FORMAT,
    version: TRACE_FORMAT_VERSION,
    variant: variantName(variant),
    workload,
    seed,
    emulator: EMULATOR_ID,
    complete: result?.observations.end === 'halted',
    accesses: true, start: null,
  };
}
