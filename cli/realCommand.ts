/**
 * `vmspec real record|counts|time WORKLOAD`: a real type-2 VMM (User-Mode
 * Linux) as the outside reference. `record` boots the workload under strace
 * and writes the tracer's raw log, a JSON summary of its operations and the
 * vmspec trace it converts to (bench/real/umlTrace.ts), for `vmspec conform`;
 * `counts` records two lengths and prints the operations per iteration;
 * `time` times the workload without strace. A host that cannot run UML,
 * or a failed boot: one line saying why, exit 2.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  buildRoot, convertRawLines, convertRawLog, countOps, countTicks, detectGvisorHost, perIteration, readLogLines, recordUml, registerTransfers, runGvisor, seccompCounts, timeTwoLengths, timeUml,
  UML_WORKLOADS, withoutTimerTicks, WORKLOAD_ITERATION, type GuestRoot, type OpCounts, type UmlRecording, type UmlWorkload,
} from '../bench/real/index.ts';
import { pidOfMarker, umlTrace } from '../bench/real/umlTrace.ts';
import { errorCode, writeTrace } from '../traces/index.ts';
import { lastValue, positiveCountOption } from './args.ts';
import { defineCommand, type CliCommand } from './commandSpec.ts';
import type { CliIo } from './io.ts';
import { iterationsOption, MODE_OPTION, modeOption, PAIR_OPTION, pairedRunArgs, PIN_OPTION, pinOption, VMM_OPTION, vmmOption, workloadArg } from './realArgs.ts';
import { realCompareCommand } from './realCompareCommand.ts';
import { realSetupCommand } from './realSetupCommand.ts';
import { formatTable } from './table.ts';
import { WORKLOAD_ALIASES } from './workloadAliases.ts';

const WORKLOADS_TEXT = [
  `WORKLOAD is one of: ${UML_WORKLOADS.map((w) => `${w} (${WORKLOAD_ITERATION[w]})`).join('; ')}.`,
  "vmspec record's names for the same workloads work too:",
  `  ${Object.entries(WORKLOAD_ALIASES).map(([real, emulator]) => `${emulator} = ${real}`).join(', ')}.`,
].join('\n');
const GVISOR_UNRECORDABLE = "gVisor's Sentry cannot be recorded with strace (without -f strace sees only the runsc command; with -f it takes the stubs and the sandbox fails); use 'vmspec real counts WORKLOAD --vmm gvisor' (perf trace)";
const NEEDS = 'Needs linux.uml (user-mode-linux), a static busybox (busybox-static), gcc, and for record/counts strace; otherwise one line says what is missing, exit 2.';

/** Default lengths for `counts` and `time`, per workload (a fork or a pipeline costs far more than a getpid). */
export const DEFAULT_PAIRS: Readonly<Record<UmlWorkload, readonly [number, number]>> = {
  getpid: [1000, 5000], pingpong: [200, 1000], fork: [20, 100], pipeline: [4, 20],
};

function failWith(io: CliIo, command: string, message: string): number {
  io.err(`vmspec real ${command}: ${message}\n`);
  return 2;
}

async function writable(path: string): Promise<string | null> {
  try {
    await mkdir(dirname(path), { recursive: true });
    return null;
  } catch (error) {
    const code = errorCode(error);
    return `cannot write '${path}' (${code})`;
  }
}

/** A table of counts per operation class, one column per set of counts. */
function countsTable(columns: readonly (readonly [string, OpCounts])[], io: CliIo): string {
  const classes = [...new Set(columns.flatMap(([, counts]) => Object.keys(counts)))].sort((a, b) => a.localeCompare(b));
  return formatTable([['operation', ...columns.map(([header]) => header)], ...classes.map((c) => [c, ...columns.map(([, counts]) => String(counts[c] ?? 0))])], io);
}

const recordCommand = defineCommand({
  name: 'record',
  summary: 'boot a workload on real UML under strace; write the raw tracer log, a JSON summary of its operations and the vmspec trace (skas0) for conform',
  arguments: 'WORKLOAD',
  details: `${WORKLOADS_TEXT}\n${NEEDS}`,
  options: [
    VMM_OPTION,
    MODE_OPTION,
    { flag: '--iterations', value: 'N', description: 'iterations of the workload', default: '100' },
    { flag: '--out', value: 'FILE', description: 'the JSON summary (counts of raw operations per class between the markers)', default: '.vmspec/real/WORKLOAD-N.json' },
    { flag: '--raw-log', value: 'FILE', description: 'the strace log of the UML tracer', default: '.vmspec/real/WORKLOAD-N.strace' },
    { flag: '--trace', value: 'FILE', description: 'the vmspec trace (format 3, variant skas0, starting after boot) for `vmspec conform`', default: '.vmspec/real/WORKLOAD-N.ndjson' },
  ],
  examples: ['real record getpid --iterations 100', 'real record pingpong --iterations 20 --trace pp.ndjson   # then: vmspec conform pp.ndjson', 'real record fork --iterations 10 --raw-log /tmp/fork.strace --out /tmp/fork.json'],
}, async (args, io) => {
  const workload = workloadArg(args);
  if (!workload.ok) return failWith(io, 'record', workload.error);
  const vmm = vmmOption(args, workload.value);
  if (!vmm.ok) return failWith(io, 'record', vmm.error);
  if (vmm.value === 'gvisor') return failWith(io, 'record', GVISOR_UNRECORDABLE);
  const n = iterationsOption(args, 100);
  if (!n.ok) return failWith(io, 'record', n.error);
  const stem = `.vmspec/real/${workload.value}-${n.value}`;
  const out = lastValue(args, '--out') ?? `${stem}.json`;
  const rawLog = lastValue(args, '--raw-log') ?? `${stem}.strace`;
  const tracePath = lastValue(args, '--trace') ?? `${stem}.ndjson`;
  for (const path of [out, rawLog, tracePath]) {
    const problem = await writable(path);
    if (problem !== null) return failWith(io, 'record', problem);
  }
  const mode = modeOption(args);
  if (!mode.ok) return failWith(io, 'record', mode.error);
  const recorded = await recordUml(workload.value, { iterations: n.value, logPath: rawLog, mode: mode.value });
  if (!recorded.ok) return failWith(io, 'record', recorded.reason);
  const { recording } = recorded;
  const kernel = `UML ${recording.kernel.version}, ${recording.mode} stubs`;
  if (recording.mode === 'seccomp') return seccompRecorded(io, { workload: workload.value, n: n.value, out, rawLog, tracePath, kernel, recording });
  const counts = await countOps(recording.ops);
  const withoutTicks = await countOps(withoutTimerTicks(recording.ops));
  const summary = {
    vmm: vmm.value, kernel: recording.kernel.version, mode: recording.mode, workload: workload.value, iterations: n.value, rawLog, markers: recording.markers,
    bootWallMs: Math.round(recording.boot.wallMs), timerTicks: countTicks(recording.ops), registerTransfers: registerTransfers(counts), counts, withoutTicks,
  };
  await writeFile(out, `${JSON.stringify(summary, null, 2)}\n`);
  io.out(`${countsTable([[`count (${workload.value} × ${n.value})`, counts], ['without timer ticks', withoutTicks]], io)}\n`);
  io.out(`raw log: ${rawLog} (${kernel}; lines ${recording.markers.begin.line}–${recording.markers.end.line} between the markers)\nsummary: ${out}\n`);
  const pid = pidOfMarker(recording.markers.begin.text);
  if (pid === undefined) return failWith(io, 'record', `${rawLog}:${recording.markers.begin.line}: the BEGIN marker names no pid ('${recording.markers.begin.text}')`);
  let converted;
  try {
    converted = umlTrace(recording.ops, { workload: `${workload.value} ${n.value}`, pid, kernel: recording.kernel.version, mode: recording.mode });
  } catch (error) {
    return failWith(io, 'record', `${rawLog}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const written = await writeTrace(tracePath, converted.header, converted.events);
  if (!written.ok) return failWith(io, 'record', `${tracePath}: ${written.error}`);
  io.out(`trace: ${tracePath} (${written.events} events; check it with: vmspec conform ${tracePath})\n`);
  return 0;
}, ['real']);

/** `record --mode seccomp`: the raw log (both sides), its counts, and the trace it converts to (skas0-seccomp). */
async function seccompRecorded(
  io: CliIo, r: { workload: UmlWorkload; n: number; out: string; rawLog: string; tracePath: string; kernel: string; recording: UmlRecording },
): Promise<number> {
  const lines = await readLogLines(r.rawLog);
  if (!lines.ok) return failWith(io, 'record', lines.reason);
  const counted = seccompCounts(lines.value, r.rawLog);
  if (!counted.ok) return failWith(io, 'record', counted.reason);
  const summary = { vmm: 'uml', kernel: r.recording.kernel.version, mode: 'seccomp', workload: r.workload, iterations: r.n, rawLog: r.rawLog, markers: r.recording.markers, bootWallMs: Math.round(r.recording.boot.wallMs), counts: counted.counts };
  await writeFile(r.out, `${JSON.stringify(summary, null, 2)}\n`);
  io.out(`${countsTable([[`count (${r.workload} × ${r.n})`, counted.counts]], io)}\n`);
  io.out(`raw log: ${r.rawLog} (${r.kernel}, strace -f: stubs and kernel; lines ${r.recording.markers.begin.line}–${r.recording.markers.end.line} between the markers)\nsummary: ${r.out}\n`);
  const converted = await convertRawLines(r.rawLog, lines.value);
  if (!converted.ok) return failWith(io, 'record', converted.reason);
  const written = await writeTrace(r.tracePath, converted.value.trace.header, converted.value.trace.events);
  if (!written.ok) return failWith(io, 'record', `${r.tracePath}: ${written.error}`);
  io.out(`trace: ${r.tracePath} (${written.events} events, skas0-seccomp; check it with: vmspec conform ${r.tracePath})\n`);
  return 0;
}

const convertCommand = defineCommand({
  name: 'convert',
  summary: 'convert a raw UML tracer log (strace of linux.uml, plain or gzipped) recorded anywhere into a vmspec trace for conform',
  arguments: 'RAW.log',
  details: [
    'The kernel version (UML\'s boot banner), the stub mode (an strace -f log is a seccomp run) and the workload (the guest\'s',
    'VMSPEC-BEGIN marker) are read from the log. The log must hold the guest\'s markers: record it with the guest program of',
    'bench/real/guest (vmspec real record does), e.g. strace -o RAW.log -ttt -T -v -s 256 linux.uml … (with -f and seccomp=on',
    'for seccomp stubs: variant skas0-seccomp). A log it cannot read is one line with its place, exit 2.',
  ].join('\n'),
  options: [
    { flag: '--trace', value: 'FILE', description: 'the vmspec trace (format 3, variant skas0 or skas0-seccomp)', default: 'RAW.log with .ndjson for its extension' },
  ],
  examples: ['real convert bench/real/fixtures/logs/uml-7.2.7-ptrace-fork-4.strace.gz --trace fork.ndjson   # then: vmspec conform fork.ndjson'],
}, async (args, io) => {
  const [path, extra] = args.positional;
  if (path === undefined) return failWith(io, 'convert', 'missing RAW.log (a raw strace log of linux.uml)');
  if (extra !== undefined) return failWith(io, 'convert', `unexpected argument '${extra}' (one log at a time)`);
  const tracePath = lastValue(args, '--trace') ?? `${path.replace(/(\.strace|\.log)?(\.gz)?$/, '')}.ndjson`;
  const problem = await writable(tracePath);
  if (problem !== null) return failWith(io, 'convert', problem);
  const converted = await convertRawLog(path);
  if (!converted.ok) return failWith(io, 'convert', converted.reason);
  const { info, trace } = converted.value;
  const written = await writeTrace(tracePath, trace.header, trace.events);
  if (!written.ok) return failWith(io, 'convert', `${tracePath}: ${written.error}`);
  io.out(`${path}: UML ${info.kernel ?? '(version not in the log)'}, ${info.mode} stubs, '${info.begin}'\ntrace: ${tracePath} (${written.events} events; check it with: vmspec conform ${tracePath})\n`);
  return 0;
}, ['real']);

const countsCommand = defineCommand({
  name: 'counts',
  summary: 'record a workload on real UML at two lengths and print the raw VMM operations per iteration',
  arguments: 'WORKLOAD',
  details: `${WORKLOADS_TEXT}\nPer iteration = (count at N2 − count at N1) / (N2 − N1): boot, shutdown and the markers cancel.\n${NEEDS}`,
  options: [
    VMM_OPTION,
    PAIR_OPTION,
    { flag: '--json', description: 'print the counts as JSON' },
  ],
  examples: ['real counts getpid', 'real counts fork --iterations 10,30 --json'],
}, async (args, io) => {
  const read = pairedRunArgs(args, DEFAULT_PAIRS);
  if (!read.ok) return failWith(io, 'counts', read.error);
  const { workload, vmm, pair } = read.value;
  const built = await buildRoot();
  if (!built.ok) return failWith(io, 'counts', built.reason);
  try {
    if (vmm === 'gvisor') return await gvisorCounts(io, workload, pair, built.root, args.switches.has('--json'));
    const totals: OpCounts[] = [];
    const tickless: OpCounts[] = [];
    for (const n of pair) {
      const recorded = await recordUml(workload, { iterations: n, root: built.root });
      if (!recorded.ok) return failWith(io, 'counts', recorded.reason);
      totals.push(await countOps(recorded.recording.ops));
      tickless.push(await countOps(withoutTimerTicks(recorded.recording.ops)));
      await rm(recorded.recording.logPath, { force: true });
    }
    const [n1, n2] = pair;
    const per = perIteration(totals[0]!, n1, totals[1]!, n2);
    const perWithoutTicks = perIteration(tickless[0]!, n1, tickless[1]!, n2);
    if (args.switches.has('--json')) {
      io.out(`${JSON.stringify({
        vmm: vmm, workload: workload, n1, n2, perIteration: per, perIterationWithoutTicks: perWithoutTicks,
        registerTransfersPerIteration: registerTransfers(per), registerTransfersPerIterationWithoutTicks: registerTransfers(perWithoutTicks), totals,
      }, null, 2)}\n`);
    } else {
      io.out(`${countsTable([[`per ${workload} iteration`, per], ['without timer ticks', perWithoutTicks]], io)}\n`);
      io.out(`register transfers per iteration: ${registerTransfers(per)}, without timer ticks ${registerTransfers(perWithoutTicks)} (from ${n1} and ${n2} iterations)\n`);
    }
    return 0;
  } finally {
    await built.root.remove();
  }
}, ['real']);

const timeCommand = defineCommand({
  name: 'time',
  summary: 'time a workload on real UML without strace: best of several boots at two lengths, per iteration',
  arguments: 'WORKLOAD',
  details: `${WORKLOADS_TEXT}\nPer iteration = (best loop time at N2 − best at N1) / (N2 − N1), from the guest's clock (host time under UML); the whole-boot wall times differenced alike are shown beside it.\n${NEEDS}`,
  options: [
    VMM_OPTION,
    MODE_OPTION,
    PAIR_OPTION,
    { flag: '--runs', value: 'R', description: 'boots per length (the best counts)', default: '3' },
    PIN_OPTION,
    { flag: '--json', description: 'print the timing as JSON' },
  ],
  examples: ['real time getpid', 'real time pingpong --iterations 500,2500 --runs 5', 'real time pingpong --pin 0'],
}, async (args, io) => {
  const read = pairedRunArgs(args, DEFAULT_PAIRS);
  if (!read.ok) return failWith(io, 'time', read.error);
  const { workload, vmm, pair } = read.value;
  const runs = positiveCountOption(args, '--runs', 3);
  if (!runs.ok) return failWith(io, 'time', runs.error);
  const pin = pinOption(args);
  if (!pin.ok) return failWith(io, 'time', pin.error);
  if (pin.value !== undefined && vmm === 'gvisor') return failWith(io, 'time', "option '--pin' is for UML only");
  const mode = modeOption(args);
  if (!mode.ok) return failWith(io, 'time', mode.error);
  if (vmm === 'gvisor' && args.values.has('--mode')) return failWith(io, 'time', "option '--mode' is for UML only");
  const [n1, n2] = pair;
  const options = { n1, n2, runs: runs.value, mode: mode.value, ...(pin.value === undefined ? {} : { pinCpu: pin.value }), onBoot: (n: number, run: number, elapsedNs: number) => io.err(`  boot ${run + 1}/${runs.value} × ${n}: loop ${(elapsedNs / 1e6).toFixed(1)} ms\n`) };
  const timed = vmm === 'gvisor' ? await timeGvisor(workload, options) : await timeUml(workload, options);
  if (!timed.ok) return failWith(io, 'time', timed.reason);
  const t = timed.timing;
  if (args.switches.has('--json')) io.out(`${JSON.stringify({ vmm: vmm, mode: vmm === 'gvisor' ? null : mode.value, ...t }, null, 2)}\n`);
  else io.out(`${workload} on ${vmm === 'gvisor' ? 'gVisor (ptrace)' : `UML (${mode.value} stubs)`}: ${(t.perIterationNs / 1000).toFixed(2)} µs per iteration (guest clock; whole-boot wall: ${(t.wallPerIterationNs / 1000).toFixed(2)} µs), best of ${t.runs} at ${n1} and ${n2}${pin.value === undefined ? '' : `, on CPU ${pin.value} only`}\n`);
  return 0;
}, ['real']);

/** `counts --vmm gvisor`: two runs under perf trace; ptrace requests and wait4s per iteration. */
async function gvisorCounts(io: CliIo, workload: UmlWorkload, [n1, n2]: readonly [number, number], root: GuestRoot, json: boolean): Promise<number> {
  const totals: OpCounts[] = [];
  for (const n of [n1, n2]) {
    const ran = await runGvisor(root, workload, n, { perf: true });
    if (!ran.ok) return failWith(io, 'counts', ran.reason);
    totals.push(ran.counts ?? {});
  }
  const per = perIteration(totals[0]!, n1, totals[1]!, n2);
  if (json) {
    io.out(`${JSON.stringify({ vmm: 'gvisor', workload, n1, n2, perIteration: per, registerTransfersPerIteration: registerTransfers(per), totals }, null, 2)}\n`);
    return 0;
  }
  io.out(`${countsTable([[`per ${workload} iteration (gVisor, perf trace)`, per]], io)}\nregister transfers per iteration: ${registerTransfers(per)} (from ${n1} and ${n2} iterations)\n`);
  return 0;
}

/** `time --vmm gvisor`: `runsc do` without perf, best of several at two lengths. */
async function timeGvisor(workload: UmlWorkload, options: Parameters<typeof timeTwoLengths>[2]): ReturnType<typeof timeTwoLengths> {
  const host = await detectGvisorHost();
  if (!host.ok) return host;
  const built = await buildRoot();
  if (!built.ok) return built;
  try {
    return await timeTwoLengths(workload, (n) => runGvisor(built.root, workload, n, { perf: false }), options);
  } finally {
    await built.root.remove();
  }
}

/** `vmspec real`. */
export const realCommand: CliCommand = defineCommand({
  name: 'real',
  summary: 'record, count and time a real type-2 VMM (User-Mode Linux) running a guest workload',
  arguments: 'SUBCOMMAND',
  details: NEEDS,
  options: [],
  examples: ['real record getpid --iterations 100', 'real counts pingpong', 'real time fork --runs 5'],
  subcommands: [realSetupCommand, recordCommand, convertCommand, countsCommand, timeCommand, realCompareCommand],
}, async (args, io) => {
  io.err(`vmspec real: expected a subcommand (setup, record, convert, counts, time or compare)${args.positional[0] === undefined ? '' : `, got '${args.positional[0]}'`}; see vmspec real --help\n`);
  return 2;
});
