/**
 * Counts what a parsed strace workload contains (processes, syscalls by kind,
 * bytes moved, blocked calls, compute vs in-kernel time) and, run as a
 * script, prints that summary for each given log:
 * `npx tsx bench/strace/summarizeWorkload.ts [LOG…]` (default: the committed logs).
 */
import { fileURLToPath } from 'node:url';
import { readStraceLog, RECORDED_LOGS } from './readStraceLog.ts';
import type { StraceWorkload } from './straceWorkload.ts';

/** The counts of one workload. */
export interface WorkloadSummary {
  readonly processes: number;
  readonly threads: number;
  readonly syscalls: number;
  readonly byKind: Readonly<Record<'io' | 'spawn' | 'exec' | 'wait' | 'exit' | 'other' | 'signal', number>>;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  readonly blocked: number;
  /** Sum of compute gaps and of in-syscall time over all processes, µs. */
  readonly computeUs: number;
  readonly syscallUs: number;
  readonly durationUs: number;
  readonly programs: readonly string[];
}

/** Counts `workload`. */
export function summarizeWorkload(workload: StraceWorkload): WorkloadSummary {
  const byKind = { io: 0, spawn: 0, exec: 0, wait: 0, exit: 0, other: 0, signal: 0 };
  let bytesRead = 0, bytesWritten = 0, blocked = 0, computeUs = 0, syscallUs = 0;
  for (const p of workload.processes) {
    for (const e of p.events) {
      byKind[e.kind]++;
      if (e.kind === 'signal') continue;
      computeUs += e.gapUs;
      syscallUs += e.durationUs;
      if (e.blocked) blocked++;
      if (e.kind === 'io') {
        if (e.direction === 'read') bytesRead += e.bytes;
        else bytesWritten += e.bytes;
      }
    }
  }
  return {
    processes: workload.processes.filter((p) => !p.thread).length,
    threads: workload.processes.filter((p) => p.thread).length,
    syscalls: Object.entries(byKind).reduce((s, [k, n]) => (k === 'signal' ? s : s + n), 0),
    byKind, bytesRead, bytesWritten, blocked, computeUs, syscallUs, durationUs: workload.durationUs,
    programs: [...new Set(workload.processes.flatMap((p) => p.programs.map((path) => path.split('/').at(-1) ?? path)))],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const paths = process.argv.length > 2 ? process.argv.slice(2) : Object.values(RECORDED_LOGS).map((u) => fileURLToPath(u));
  for (const path of paths) {
    const parsed = await readStraceLog(path);
    if (!parsed.ok) {
      process.stderr.write(`summarizeWorkload: ${parsed.error}\n`);
      process.exitCode = 2;
      continue;
    }
    process.stdout.write(`${path}\n${JSON.stringify(summarizeWorkload(parsed.workload))}\n`);
  }
}
