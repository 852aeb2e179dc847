/**
 * The cost report of a plug-in: its counters next to the four presets' on a
 * fixed set of the paper's workloads (null syscall, pipe ping-pong, memory
 * touching, fork tree, disk reads). A report, not a verdict: a new choice
 * makes claims of its own, which the reader weighs against the paper's.
 */
import {
  diskReader, forkTree, memoryToucher, nullSyscallLoop, pipePingPong, runWorkload, type Counters, type VmmParts, type Workload,
} from '../impl/index.ts';
import { PRESETS, variantName, type Variant } from '../spec/index.ts';

/** The workloads of the report. */
export const COST_WORKLOADS: readonly Workload[] = [nullSyscallLoop(20), pipePingPong(5), memoryToucher(8, 2), forkTree(2), diskReader(3)];

/** The counters the report shows, by column name. */
export const COST_COLUMNS: Readonly<Record<string, (c: Counters) => number>> = {
  'host switches': (c) => c.hostContextSwitches,
  'ptrace stops': (c) => c.ptraceStops,
  'host syscalls': (c) => Object.values(c.hostSyscalls).reduce((sum, n) => sum + (n ?? 0), 0),
  'map/unmap/protect': (c) => c.mmapCalls + c.munmapCalls + c.mprotectCalls,
  'pages protected': (c) => c.pagesProtected,
  signals: (c) => Object.values(c.signals).reduce((sum, n) => sum + (n ?? 0), 0),
  'TLB flushes': (c) => c.tlbFlushes,
};

/** One row: a subject's counters summed over the workloads, or why it could not run. */
export interface CostRow {
  readonly subject: string;
  readonly totals: Readonly<Record<string, number>> | undefined;
  readonly error?: string;
}

function row(subject: string, variant: Variant, parts: (() => VmmParts) | undefined): CostRow {
  const totals: Record<string, number> = Object.fromEntries(Object.keys(COST_COLUMNS).map((name) => [name, 0]));
  try {
    for (const workload of COST_WORKLOADS) {
      const { counters } = runWorkload(workload, { variant, ...(parts ? { parts: () => parts() } : {}) });
      for (const [name, measure] of Object.entries(COST_COLUMNS)) totals[name]! += measure(counters);
    }
  } catch (error) {
    return { subject, totals: undefined, error: error instanceof Error ? error.message : String(error) };
  }
  return { subject, totals };
}

/** The plug-in's row (its parts on `variant`), then one per preset. */
export function costReport(name: string, variant: Variant, parts: () => VmmParts): readonly CostRow[] {
  return [
    row(name, variant, parts),
    ...Object.entries(PRESETS).map(([preset, v]) => row(`${preset} (${variantName(v)})`, v, undefined)),
  ];
}
