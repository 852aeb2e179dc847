/**
 * Page faults of a recorded program (issue 14, item 3). strace does not see
 * them, so where only the log exists they are estimated from what it does
 * show (execs, mappings, forks, threads); where the program was rerun, the
 * measured total is spread over the processes in the estimate's proportions.
 * Either way the report says which.
 */
import type { StraceWorkload } from '../strace/straceWorkload.ts';

/**
 * The estimate's weights, chosen against three programs measured on the development machine (make of 7 C files:
 * 15 100 minor faults measured, 11 500 estimated; gzip -k of 20 MB: 277, 360; 50 curl requests to python's
 * http.server: 36 500, 37 000). Within about ±30%: an estimate, printed as one.
 */
export const FAULT_WEIGHTS = {
  /** A new program image: loader, libc start-up, its own data and stack. */
  perExec: 120,
  /** A file mapping (a library segment, a mapped file): the pages of it touched. */
  perFileMapping: 2.5,
  /** Anonymous memory mapped or added by brk: the share of its pages touched. */
  perAnonymousPage: 0.5,
  /** Anonymous pages of one mapping counted at most (a large reservation is mostly never touched). */
  anonymousPagesCap: 4096,
  /** A forked child's copy-on-write faults. */
  perFork: 20,
  /** A thread's stack and its share of the heap. */
  perThread: 10,
} as const;

/** Where the fault counts come from. */
export type FaultSource =
  | { readonly kind: 'estimated' }
  | { readonly kind: 'measured'; readonly how: string; readonly totals: readonly number[] }
  | { readonly kind: 'given'; readonly total: number };

/** Faults per pid, their total, and where they come from. */
export interface FaultCounts {
  readonly byPid: ReadonlyMap<number, number>;
  readonly total: number;
  readonly estimatedTotal: number;
  readonly source: FaultSource;
}

/** The estimate per pid from the log alone. */
export function estimateFaults(trace: StraceWorkload): Map<number, number> {
  const w = FAULT_WEIGHTS;
  const byPid = new Map<number, number>();
  for (const p of trace.processes) {
    let faults = p.parentPid === null ? 0 : p.thread ? w.perThread : w.perFork;
    for (const e of p.events) {
      if (e.kind === 'exec' && e.result === 0) faults += w.perExec;
      if (e.kind !== 'other' || e.mapped === null) continue;
      const pages = Math.ceil(e.mapped.bytes / 4096);
      faults += e.mapped.anonymous ? Math.min(pages, w.anonymousPagesCap) * w.perAnonymousPage : w.perFileMapping;
    }
    byPid.set(p.pid, Math.round(faults));
  }
  return byPid;
}

/** Faults per pid: the estimate, or a total (measured or given) spread in the estimate's proportions. */
export function faultCounts(trace: StraceWorkload, source: FaultSource): FaultCounts {
  const estimate = estimateFaults(trace);
  const estimatedTotal = [...estimate.values()].reduce((a, b) => a + b, 0);
  if (source.kind === 'estimated') return { byPid: estimate, total: estimatedTotal, estimatedTotal, source };
  const target = source.kind === 'given' ? source.total : median(source.totals);
  const scale = estimatedTotal > 0 ? target / estimatedTotal : 0;
  const byPid = new Map([...estimate].map(([pid, n]) => [pid, Math.round(n * scale)]));
  return { byPid, total: [...byPid.values()].reduce((a, b) => a + b, 0), estimatedTotal, source };
}

/** The median of a non-empty list (0 for an empty one). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
