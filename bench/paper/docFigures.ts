/**
 * The figures README.md and docs/paper.md show, rendered from what the
 * commands compute (issue 21): `vmspec bench paper` under the shipped
 * default calibration, `vmspec explore`'s state count, the strace converter's
 * rules. scripts/docFigures.ts writes them into the docs' marked blocks; its
 * test fails when a doc differs.
 */
import type { Calibration } from '../probe/calibration.ts';
import { conversionRulesMarkdown } from '../strace/conversionRules.ts';
import { figure } from './formatPaperTable.ts';
import { PRESETS, type EventRatios, type PaperResult, type Preset, type WorkloadRow } from './paperResult.ts';

/** What the docs' figures are computed from. */
export interface DocSources {
  readonly paper: PaperResult;
  readonly calibration: Calibration;
  /** Distinct states `vmspec explore` reaches over every variant at its default bounds. */
  readonly exploreStates: number;
}

const signed = (n: number): string => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(1)}%`;
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
const row = (result: PaperResult, id: string): WorkloadRow => {
  const r = result.rows.find((x) => x.id === id);
  if (r === undefined) throw new Error(`the paper bench has no '${id}' row`);
  return r;
};
const times = (r: WorkloadRow, p: Preset | 'native'): string => figure(r.cells[p].overhead);
const unitOf = (r: WorkloadRow): string => r.unit.split(' ')[0]!;

/** Where the figures come from, in one phrase. */
function source(c: Calibration): string {
  const h = c.host;
  return `the shipped default costs (\`bench/probe/defaultCalibration.json\`: ${h.cpuModel}, ${h.cores} cores, Linux ${h.kernelRelease}, measured ${h.date.slice(0, 10)})`;
}

function readmeTable(p: PaperResult): string {
  const lines = ['| workload | native | umlinux | +kernel-module | +segment-bounds | +multi-as |', '|---|---:|---:|---:|---:|---:|'];
  for (const r of p.rows) lines.push(`| ${r.title.replace(/ \(.*\)$/, '')} | ${figure(r.cells.native.timeNs / r.displayNs)} ${unitOf(r)} | ${PRESETS.map((c) => `×${times(r, c)}`).join(' | ')} |`);
  return lines.join('\n');
}

function compositeErrors(p: PaperResult): Readonly<Record<string, string>> {
  return Object.fromEntries(p.composites.map((c) => [c.name, signed(c.errorPct)]));
}

function paperTimeTable(p: PaperResult): string {
  const lines = ['| workload | unit | native | umlinux | +kernel-module | +segment-bounds | +multi-as |', '|---|---|---:|---:|---:|---:|---:|'];
  for (const r of p.rows) {
    const cells = PRESETS.map((c) => `${figure(r.cells[c].timeNs / r.displayNs)} (×${times(r, c)})`);
    lines.push(`| ${r.title} | ${r.unit} | ${figure(r.cells.native.timeNs / r.displayNs)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

const EVENT_SELECTION: readonly [string, Preset][] = [
  ['null-syscall', 'umlinux'], ['null-syscall', '+kernel-module'], ['null-syscall', '+segment-bounds'],
  ['context-switch', '+segment-bounds'], ['context-switch', '+multi-as'], ['make', 'umlinux'], ['make', '+multi-as'],
];
const EVENT_KEYS: readonly (keyof EventRatios)[] = ['hostSwitchesPerSyscall', 'ptraceStopsPerSyscall', 'hostSyscallsPerSyscall', 'signalsPerSyscall', 'memoryOpsPerSyscall', 'minorFaultsPerSyscall', 'addressSpaceOpsPerSwitch'];

function paperEventTable(p: PaperResult): string {
  const lines = [
    '| workload / preset | host switches | ptrace stops | host syscalls | signals | mmap+munmap+mprotect | minor faults | mmap+munmap+switch-guest per guest switch |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [id, preset] of EVENT_SELECTION) {
    const r = row(p, id);
    const e = r.events[preset];
    lines.push(`| ${r.title.replace(/ \(.*\)$/, '')} / ${preset} | ${EVENT_KEYS.map((k) => (e[k] === null ? '–' : figure(e[k] ?? 0))).join(' | ')} |`);
  }
  return lines.join('\n');
}

function compositeTable(p: PaperResult): string {
  const what: Readonly<Record<string, string>> = {
    umlinuxSyscall: "the paper's 8-step path done for real (9 ptrace stops, getpid, SIGUSR1, 2 mprotects of 256 pages, sigreturn)",
    seccompTrap: 'a syscall trapped by seccomp to a SIGSYS handler that returns',
    seccompSyscall: 'the same trap into the same guest-kernel handler (2 mprotects of 256 pages)',
  };
  const lines = ['| composite (per guest syscall) | measured | predicted | error |', '|---|---:|---:|---:|'];
  for (const c of p.composites) lines.push(`| \`${c.name}\`: ${what[c.name] ?? c.note} | ${figure(c.measuredNs / 1000)} µs | ${figure(c.predicted.totalNs / 1000)} µs | ${signed(c.errorPct)} |`);
  return lines.join('\n');
}

/** Whether every extension lowers the modelled time of the syscall- and switch-heavy workloads. */
function eachExtensionLowers(p: PaperResult): boolean {
  return p.rows.filter((r) => r.id !== 'gzip').every((r) => PRESETS.every((c, i) => i === 0 || r.cells[c].timeNs <= r.cells[PRESETS[i - 1]!].timeNs));
}

function paperShape(p: PaperResult): string {
  const [nul, cs, gzip, make, http] = ['null-syscall', 'context-switch', 'gzip', 'make', 'http'].map((id) => row(p, id));
  const within = (r: WorkloadRow, c: Preset): string => `${Math.round((r!.cells[c].overhead - 1) * 100)}%`;
  return [
    `The shape of the paper's claim holds in the model: umlinux is ×${times(nul!, 'umlinux')} native on a null syscall`,
    `and ×${times(cs!, 'umlinux')} on a guest context switch, ×${times(make!, 'umlinux')} (make) and ×${times(http!, 'umlinux')} (http) on the`,
    `syscall-heavy real workloads, and within ${within(gzip!, 'umlinux')} on the compute-bound one (gzip);`,
    `${eachExtensionLowers(p) ? 'each extension lowers' : 'not every extension lowers'} the modelled time of every syscall- or switch-heavy workload, and with all three`,
    `make and http are within ${within(make!, '+multi-as')} and ${within(http!, '+multi-as')} of native. What is left on the microbenchmarks is`,
    `the upcall itself: a guest syscall is still a host trap plus a signal delivered to the guest kernel's`,
    `handler (${figure(nul!.cells['+multi-as'].timeNs / 1000)} µs against a ${figure(nul!.cells.native.timeNs / 1000)} µs native syscall), which no extension of the paper removes.`,
  ].join('\n');
}

function paperCosts(p: PaperResult, c: Calibration): string {
  const o = c.ops;
  const ns = (n: number): string => n.toFixed(0);
  const fit = (f: { fixedNs: number; perPageNs: number }): string => `${ns(f.fixedNs)} + ${f.perPageNs.toFixed(1)}/page`;
  return [
    `Costs: ${source(c)}, ${p.calibration.defaultFigures} figures: null syscall ${ns(o.nullSyscall.medianNs)} ns, host context switch`,
    `${ns(o.contextSwitch.medianNs)} ns, signal (\`raise\`) ${ns(o.signal.medianNs)} ns, kill of an ignored signal ${ns(o.signalSend.medianNs)} ns,`,
    `minor fault ${ns(o.minorFault.medianNs)} ns, ptrace stop ${ns(o.ptraceStop.medianNs)} ns, mmap ${fit(o.mmap)}, munmap ${fit(o.munmap)},`,
    `mprotect ${fit(o.mprotect)}. \`vmspec bench paper\` prints these tables; \`npx tsx scripts/docFigures.ts\` writes them here.`,
  ].join('\n');
}

/** A block of its own between blank lines, so Markdown ends the table or paragraph before the closing marker. */
const block = (text: string): string => `\n\n${text}\n\n`;

/** Every block's contents by name. */
export function docFigureBlocks(s: DocSources): Readonly<Record<string, string>> {
  const p = s.paper;
  const e = compositeErrors(p);
  const nul = row(p, 'null-syscall');
  const path = p.composites.find((c) => c.name === 'umlinuxSyscall');
  return {
    'readme-paper-source': `With ${source(s.calibration)}, \`vmspec bench paper\` prints:`,
    'readme-paper-table': block(readmeTable(p)),
    'readme-composites': `it predicts the probe's measured 9-stop ptrace composite (the paper's 8-step path) ${e['umlinuxSyscall']} off, the bare seccomp trap ${e['seccompTrap']} and the seccomp path with the same handler ${e['seccompSyscall']}`,
    'explore-states': grouped(s.exploreStates),
    'paper-costs': block(paperCosts(p, s.calibration)),
    'paper-time-table': block(paperTimeTable(p)),
    'paper-event-table': block(paperEventTable(p)),
    'paper-shape': block(paperShape(p)),
    'paper-stops': `its modelled null syscall (${figure(nul.cells.umlinux.timeNs / 1000)} µs) sits below the measured composite (${figure((path?.measuredNs ?? 0) / 1000)} µs)`,
    'paper-composite-table': block(compositeTable(p)),
    'converter-rules': `${block(conversionRulesMarkdown())}  `,
  };
}
