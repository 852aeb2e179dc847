/**
 * What `vmspec predict` produces, as plain data (the JSON it writes), and the
 * text report: per program what was converted and what was not, where its
 * page faults and native base come from, and per column the predicted time
 * and overhead with their ranges over the calibrations, and what the page
 * faults added; then the composite check.
 */
import type { CompositeVerdict } from './compositeVerdict.ts';
import { formatVerdicts } from './compositeVerdict.ts';
import type { ProgramPrediction, Spread } from './predictRun.ts';

/** The whole report. */
export interface PredictReport {
  readonly format: 'vmspec-predict';
  readonly version: 1;
  /** `busy`: what showed this host busy while it was probed (empty when quiet or not probed). */
  readonly costs: { readonly origin: string; readonly thisHost: boolean; readonly calibrations: number; readonly busy: readonly string[]; readonly nullSyscallNs: number };
  /** strace's measured overhead per traced syscall (ns, per repetition), or the assumption used. */
  readonly straceOverhead: { readonly measuredNs: readonly number[] } | { readonly assumedNs: number; readonly why: string };
  readonly composites: readonly CompositeVerdict[];
  readonly programs: readonly ProgramPrediction[];
  /** Assumptions printed with every report. */
  readonly assumptions: readonly string[];
}

/** A time in a readable unit. */
export function duration(us: number): string {
  const a = Math.abs(us);
  if (a >= 1e6) return `${(us / 1e6).toFixed(a >= 1e7 ? 1 : 2)} s`;
  if (a >= 1e3) return `${(us / 1e3).toFixed(a >= 1e5 ? 0 : 1)} ms`;
  return `${us.toFixed(0)} µs`;
}

const range = (s: Spread, f: (n: number) => string): string => (s.min === s.max ? f(s.median) : `${f(s.median)} [${f(s.min)}–${f(s.max)}]`);
const pct = (n: number): string => `${n >= 0 ? '+' : ''}${n.toFixed(n !== 0 && Math.abs(n) < 10 ? 1 : 0)}%`;

/** The calls the emulator lacks, most frequent first, with the price each was given. */
export function unmodelledLine(unmodelled: Readonly<Record<string, number>>, nullSyscallNs: number): string | null {
  const named = Object.entries(unmodelled).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (named.length === 0) return null;
  const total = named.reduce((s, [, n]) => s + n, 0);
  return `  calls the emulator lacks, ${total} in all, each priced as a null syscall (getpid, ${nullSyscallNs.toFixed(0)} ns): ${named.map(([k, n]) => `${k} ${n}`).join(', ')}`;
}

function programLines(p: ProgramPrediction, nullSyscallNs: number): string[] {
  const c = p.conversion;
  const calls = Object.entries(c.calls).map(([k, n]) => `${k} ${n}`).join(', ');
  // A plug-in's column (`name (plug-in)`) may be longer than a preset's.
  const width = Math.max(16, ...p.columns.map((col) => col.column.length + 1));
  const lines = [
    `${p.name}: ${p.recording.flavour === 'none' ? 'no' : `-${p.recording.flavour}`} stamps, ${p.recording.durations ? 'with' : 'without'} -T, ${p.recording.lines} lines in ${p.recording.files} file${p.recording.files === 1 ? '' : 's'}, ${p.processes} processes, ${duration(p.recordedUs)} recorded under strace`,
    `  converted, nothing dropped: guest calls ${calls}; ${c.vforkChildren} vfork children run in their parent until exec, ${c.inlinedThreads} threads in their creator, ${c.execs} execs rebuild the heap; ${c.blockingReads} calls that blocked (by call and descriptor) wait for a disk interrupt`,
    ...[unmodelledLine(c.unmodelled, nullSyscallNs)].filter((l): l is string => l !== null),
    `  not converted: data (${c.cappedTransfers} transfers over 256 bytes are one call of 64 words), file contents, ${c.signals} signals, parallelism, the pairing of sockets${c.unreachableProcesses > 0 ? `; ${c.unreachableProcesses} processes no traced process spawned are not run` : ''}`,
    `  page faults: ${faultLine(p)}`,
    `  native: ${nativeLine(p)}`,
    `  ${'column'.padEnd(width)} ${'predicted time [range]'.padEnd(30)} ${'overhead [range]'.padEnd(24)} page faults add`,
    `  ${(p.native.kind === 'measured' ? 'native (meas.)' : 'native (model)').padEnd(width)} ${range(p.nativeUs, duration).padEnd(30)}`,
  ];
  for (const col of p.columns) {
    lines.push(`  ${col.column.padEnd(width)} ${range(col.timeUs, duration).padEnd(30)} ${range(col.overheadPct, pct).padEnd(24)} ${duration(col.faultsAddedUs)} (${col.demandFaults} guest faults, ${col.hostMinorFaults} host)`);
  }
  return lines;
}

function faultLine(p: ProgramPrediction): string {
  const f = p.faults;
  switch (f.source.kind) {
    case 'estimated':
      return `${f.total} ESTIMATED from the log (execs, mappings, forks, threads; no measurement: rerun with --run CMD to measure)`;
    case 'given':
      return `${f.total} given (--faults), spread over processes by the estimate (${f.estimatedTotal})`;
    case 'measured':
      return `${f.total} measured natively (${f.source.how}: ${f.source.totals.join(', ')}), spread over processes by the estimate (${f.estimatedTotal})`;
  }
}

function nativeLine(p: ProgramPrediction): string {
  if (p.native.kind === 'measured') {
    return `measured: the program rerun without strace (${p.native.wallUs.length} runs: ${p.native.wallUs.map(duration).join(', ')}); the model's native of the converted log is ${range(p.modelledNativeUs, duration)}`;
  }
  const floor = p.native.floorNs === undefined ? '' : `, down to two ptrace stops (${duration(p.native.floorNs / 1000)}, the least strace can cost)`;
  return `MODELLED: the converted log, strace's per-syscall overhead taken off; its range spans the calibrations and that overhead at its lowest and highest${floor} (not measured without strace: rerun with --run CMD)`;
}

/** The text report. */
export function formatPredictReport(r: PredictReport, written: readonly string[]): string {
  const overhead = 'measuredNs' in r.straceOverhead
    ? `strace's own cost per traced syscall measured here (a getppid loop with and without strace): ${r.straceOverhead.measuredNs.map((n) => duration(n / 1000)).join(', ')}`
    : `strace's own cost per traced syscall ASSUMED ${duration(r.straceOverhead.assumedNs / 1000)} (${r.straceOverhead.why})`;
  const lines = [
    `vmspec predict: costs from ${r.costs.origin}`,
    ...(r.costs.busy.length > 0 ? [`BUSY HOST: ${r.costs.busy.join('; ')} (the ranges below are wider, or the costs not this host's; a quieter machine gives tighter figures)`] : []),
    overhead,
    ...r.assumptions.map((a) => `assumed: ${a}`),
    '',
  ];
  for (const p of r.programs) lines.push(...programLines(p, r.costs.nullSyscallNs), '');
  lines.push(`the model on the probe's composites (${r.costs.calibrations} calibration${r.costs.calibrations === 1 ? '' : 's'}):`, ...formatVerdicts(r.composites));
  if (written.length > 0) lines.push(`wrote ${written.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
