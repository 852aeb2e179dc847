/**
 * The three real workloads of the paper bench (issue 7): the committed strace
 * logs (gzip, a make build, loopback http) read, parsed and converted into
 * emulator workloads at the bench's clock scale (1 compute cycle = 1 µs).
 */
import { readStraceLog, RECORDED_LOGS } from '../strace/readStraceLog.ts';
import { toWorkload, type ConversionSummary } from '../strace/toWorkload.ts';
import type { Workload } from '../../impl/index.ts';

/** A real workload ready to run. */
export interface RealWorkload {
  readonly id: 'gzip' | 'make' | 'http';
  readonly title: string;
  readonly workload: Workload;
  readonly conversion: ConversionSummary;
}

const TITLES: Readonly<Record<RealWorkload['id'], string>> = {
  gzip: 'gzip (7.6 MB)',
  make: 'make (4 C files)',
  http: 'http (50 requests)',
};

/** Reads and converts the committed logs; a missing or broken log is an error value naming it. */
export async function loadRealWorkloads(): Promise<{ ok: true; workloads: readonly RealWorkload[] } | { ok: false; error: string }> {
  const workloads: RealWorkload[] = [];
  for (const id of ['gzip', 'make', 'http'] as const) {
    const read = await readStraceLog(RECORDED_LOGS[id]);
    if (!read.ok) return read;
    const converted = toWorkload(read.workload, id);
    if (!converted.ok) return converted;
    workloads.push({ id, title: TITLES[id], workload: converted.workload, conversion: converted.summary });
  }
  return { ok: true, workloads };
}
