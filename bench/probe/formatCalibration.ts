/**
 * Renders a calibration as the readable table `vmspec calibrate` prints:
 * ns per operation with spread, the fixed + per-page fits with R², and the
 * measured composites with what one of them contains.
 */
import type { Calibration, CompositeCost, FitCost, PointCost } from './calibration.ts';

const LABELS: Readonly<Record<string, string>> = {
  nullSyscall: 'null syscall (getpid)',
  contextSwitch: 'host context switch',
  signal: 'signal to handler + return',
  signalSend: 'kill of an ignored signal',
  minorFault: 'minor fault (per page)',
  ptraceStop: 'ptrace syscall stop',
  registerTransfer: 'ptrace register transfer',
  processLifetime: 'host process made and gone',
  mmap: 'mmap',
  munmap: 'munmap',
  mprotect: 'mprotect',
  umlinuxSyscall: 'umlinux guest syscall (ptrace)',
  seccompTrap: 'seccomp trap (bare)',
  seccompSyscall: 'seccomp guest syscall',
};

const ns = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(1));
const pad = (cells: readonly string[], widths: readonly number[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [pad(header, widths), ...rows.map((r) => pad(r, widths))];
}

const source = (c: PointCost | FitCost | CompositeCost): string => (c.source === 'measured' ? 'measured' : 'default*');

/** The table, one line per row, ending in a newline. */
export function formatCalibration(c: Calibration): string {
  const h = c.host;
  const lines = [
    `host: ${h.cpuModel}, ${h.cores} cores, ${h.platform}/${h.arch} ${h.kernelRelease}, node ${h.nodeVersion}, ${h.date}`,
    `probe: ${h.compiler ?? 'not built'}; ${c.probe.reps} samples per figure; ${c.probe.pinnedCpu === null ? 'not pinned' : `pinned to CPU ${c.probe.pinnedCpu}`}`,
    '',
  ];
  const points = (['nullSyscall', 'contextSwitch', 'signal', 'signalSend', 'minorFault', 'ptraceStop', 'registerTransfer', 'processLifetime'] as const).map((k) => {
    const p = c.ops[k];
    return [LABELS[k] ?? k, ns(p.medianNs), ns(p.p10Ns), ns(p.p90Ns), `${p.samples}×${p.batch}`, source(p)];
  });
  lines.push(...table(['operation', 'median ns', 'p10 ns', 'p90 ns', 'samples×batch', 'source'], points), '');
  const fits = (['mmap', 'munmap', 'mprotect'] as const).map((k) => {
    const f = c.ops[k];
    return [LABELS[k] ?? k, ns(f.fixedNs), ns(f.perPageNs), f.r2.toFixed(4), f.points.map((p) => `${p.pages}:${ns(p.medianNs)}`).join(' '), source(f)];
  });
  lines.push(...table(['fitted (fixed + per page)', 'fixed ns', 'per page ns', 'R²', 'pages:median ns', 'source'], fits), '');
  const composites = (['umlinuxSyscall', 'seccompTrap', 'seccompSyscall'] as const).map((k) => {
    const p = c.composites[k];
    const contents = Object.entries(p.contents).map(([key, n]) => `${key}=${Number.isInteger(n) ? n : n.toFixed(2)}`).join(' ');
    return [LABELS[k] ?? k, ns(p.medianNs), ns(p.p10Ns), ns(p.p90Ns), contents, source(p)];
  });
  lines.push(...table(['composite (per guest syscall)', 'median ns', 'p10 ns', 'p90 ns', 'contents', 'source'], composites));
  if (c.notes.length > 0 || [...Object.values(c.ops), ...Object.values(c.composites)].some((x) => x.source === 'default')) {
    lines.push('', '* default: not measured here (see notes)', ...c.notes.map((n) => `note: ${n}`));
  }
  return `${lines.join('\n')}\n`;
}
