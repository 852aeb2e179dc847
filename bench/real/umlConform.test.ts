/**
 * The outside reference, end to end: real User-Mode Linux runs each workload
 * under strace, the tracer's log becomes a vmspec trace of the `skas0` preset,
 * and that trace conforms to the spec; the same trace with one corruption per
 * class (a missing stop, a resume of the wrong stub, a register write skipped)
 * diverges at the corrupted line. Counts that match: real UML and the
 * emulator's skas0 variant, its processes running the guest program's own
 * image (its areas read from the ELF file), do the same host work per getpid,
 * per ping-pong round and per fork+exit+wait, kind by kind, each measured here
 * by differencing two run lengths (the real side without timer ticks, which
 * come with time, not work; the ticks that made UML reschedule, and the TLS
 * loads of the switches they and UML's scheduler add, counted in the real run
 * and priced). Skips, printing why, where the host cannot run UML.
 */
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpecEvent } from '../../spec/index.ts';
import { conformLines, formatHeaderLine, toRecord, type Verdict } from '../../traces/index.ts';
import {
  areaEnd, memoryToucher, perIterationOf, skas0HostCountsPerOperation, skas0PerOperation, stubCounts, stubMechanismCounts, STUB_COUNT_KINDS,
  type ProcessImage, type StubCountKind, type StubCounts, type StubMechanismCounts,
} from '../../impl/index.ts';
import { bootUml, buildRoot, detectUmlHost, recordUml, withoutTimerTicks, type GuestRoot, type UmlWorkload } from './index.ts';
import { elfImage } from './elfImage.ts';
import { emulatorWorkload } from './predictUmlTime.ts';
import { pidOfMarker, umlTrace, type UmlTrace } from './umlTrace.ts';

const host = await detectUmlHost();
if (!host.ok) console.log(`[vmspec] skipping the real-UML conformance tests: ${host.reason}`);
/**
 * The emulator's skas0 makes UML 6's stub protocol (one stub call per area populating a child, a TLS load on each
 * switch into a stub). UML 7 batches a flush's stub syscalls into one call, creates a child's stub from the kernel
 * process, and loads no TLS base on a switch: not modelled yet, so its counts are printed and not compared.
 */
const countsModelled = host.ok && /^6\./.test(host.kernel.version);
if (host.ok && !countsModelled) console.log(`[vmspec] skipping the real-UML count comparisons: the emulator's skas0 models UML 6's stub protocol, this host runs UML ${host.kernel.version} (traces are still checked)`);

/** Two lengths per workload (the pipeline, conformance only, one); the longer one's trace is checked. */
const LENGTHS: Readonly<Record<UmlWorkload, readonly number[]>> = { getpid: [20, 80], pingpong: [20, 100], fork: [4, 24], pipeline: [1] };
const ITERATIONS = Object.fromEntries(Object.entries(LENGTHS).map(([w, ns]) => [w, ns.at(-1)!])) as Readonly<Record<UmlWorkload, number>>;

const linesOf = (trace: UmlTrace, events: readonly SpecEvent[] = trace.events): string[] =>
  [formatHeaderLine(trace.header), ...events.map((event, i) => JSON.stringify(toRecord(i + 1, event)))];

/** The log lines before the one a converter error names, shortened, and where the whole log was kept: a live failure is read from CI's output. */
const logExcerpt = (logPath: string, error: Error): string => {
  const at = Number(/log line (\d+)/.exec(error.message)?.[1] ?? 0);
  const kept = join(tmpdir(), `vmspec-uml-unconverted-${basename(logPath)}`);
  copyFileSync(logPath, kept);
  const lines = readFileSync(logPath, 'utf8').split('\n');
  const excerpt = lines.slice(Math.max(0, at - 60), at + 3).map((text, i) => `${Math.max(0, at - 60) + i + 1}: ${text.replace(/\{r15=[^}]*orig_rax=(0x[0-9a-f]+)[^}]*\}/, '{..orig_rax=$1..}').slice(0, 150)}`);
  return `log kept at ${kept}; lines before ${at}:\n${excerpt.join('\n')}`;
};

/** Host work of one stub call (UML's `do_syscall_stub`): SETREGS, PTRACE_CONT, the SIGTRAP stop. */
const STUB_CALL: Partial<Record<StubCountKind, number>> = { 'regs.set.gpr': 1, 'resume.cont': 1, 'stop.signal': 1 };
/** Host work of one TLS load on a switch into a stub: SETREGS, PTRACE_ARCH_PRCTL, GETREGS. */
const TLS_LOAD: Partial<Record<StubCountKind, number>> = { 'regs.set.gpr': 1, 'regs.set.other': 1, 'regs.get.gpr': 1 };
/** Host work of one timer interrupt at a stub's stop (UML's SIGALRM stop): the stop, the registers saved and loaded, SYSEMU. */
const TIMER_TICK: Partial<Record<StubCountKind, number>> = {
  'stop.signal': 1, 'regs.get.gpr': 1, 'regs.get.fp': 1, 'regs.set.gpr': 1, 'regs.set.fp': 1, 'resume.sysemu': 1,
};
/** A timer far slower than any run here: the emulator's runs have no ticks. */
const NO_TICKS = 10_000_000;

/** Host work by kind and the mechanisms behind it, of one trace. */
type StubWork = StubCounts & StubMechanismCounts;
const stubWork = (trace: readonly SpecEvent[]): StubWork => ({ ...stubCounts(trace), ...stubMechanismCounts(trace) });

const isSysemu = (e: SpecEvent | undefined): boolean => e?.type === 'host.stub.resume' && e.how === 'sysemu';

const divergence = (verdict: Verdict) => {
  if (verdict.kind !== 'diverges') throw new Error(`expected a divergence, got ${verdict.kind}: ${JSON.stringify(verdict).slice(0, 300)}`);
  return verdict;
};

/** One recording converted twice (whole, and without timer ticks); the log is removed once converted. */
async function recordOnce(root: GuestRoot, workload: UmlWorkload, n: number): Promise<{ trace: UmlTrace; tickless: UmlTrace } | { error: string }> {
  const recorded = await recordUml(workload, { iterations: n, root });
  if (!recorded.ok) throw new Error(`${workload} × ${n}: ${recorded.reason}`);
  const { logPath, ops, markers } = recorded.recording;
  const pid = pidOfMarker(markers.begin.text);
  if (pid === undefined) throw new Error(`${workload}: the BEGIN marker names no pid: ${markers.begin.text}`);
  try {
    return { trace: umlTrace(ops, { workload, pid }), tickless: umlTrace(withoutTimerTicks(ops), { workload, pid }) };
  } catch (error) {
    return { error: `${workload} × ${n}: ${(error as Error).message}\n${logExcerpt(logPath, error as Error)}` };
  } finally {
    rmSync(logPath, { force: true });
  }
}

/**
 * A live run whose log the converter cannot read is recorded once more, loudly: UML's interleavings vary from run to
 * run. The one such failure seen (in CI, then here) was `withoutTimerTicks` dropping a stub's way back in after a tick
 * that made the guest kernel switch (fixed, timerTicks.test.ts); the retry stays for interleavings not met yet, and
 * prints the failure whole, with the log kept, so the pattern can be studied.
 */
async function recordAndConvert(root: GuestRoot, workload: UmlWorkload, n: number): Promise<{ trace: UmlTrace; tickless: UmlTrace }> {
  const attempts = workload === 'pipeline' ? 3 : 2;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const recorded = await recordOnce(root, workload, n);
    if ('error' in recorded) last = recorded.error;
    else {
      const shared = workload === 'pipeline' ? vforkDivergence(recorded.trace) : null;
      if (shared === null) return recorded;
      last = shared;
    }
    if (attempt < attempts) console.log(`[vmspec] a live UML run could not be checked; recording it again. ${last}`);
  }
  throw new Error(last);
}

/**
 * busybox's shell may start a pipeline's command with clone(CLONE_VM|CLONE_VFORK): the child runs on its parent's
 * stub until it execs. UML 7 lets that happen between the parent's clone and its return, and the spec has no shared
 * address space yet (concurrency issue), so such a recording converts to a child of pid 0 and diverges there. That
 * one divergence is reported and the run recorded again; any other is the test's to judge.
 */
function vforkDivergence(trace: UmlTrace): string | null {
  const verdict = conformLines(linesOf(trace));
  if (verdict.kind !== 'diverges' || verdict.event?.type !== 'guest.spawn' || verdict.event.pid !== 0) return null;
  return `pipeline: a vfork child ran on its parent's stub (trace line ${verdict.line}: ${JSON.stringify(verdict.event)}), not expressible yet`;
}

describe.skipIf(!host.ok)('real User-Mode Linux traces', () => {
  let root: GuestRoot | undefined;
  /** The guest program's image, which the emulator's processes run too. */
  let image: ProcessImage | undefined;
  const traces = new Map<UmlWorkload, UmlTrace>();
  /** Per iteration, real UML without the timer ticks that did no work. */
  const realWork = new Map<UmlWorkload, StubWork>();

  beforeAll(async () => {
    const built = await buildRoot();
    if (!built.ok) throw new Error(built.reason);
    root = built.root;
    const read = await elfImage(root.program);
    if (!read.ok) throw new Error(read.reason);
    image = read.image;
    for (const workload of Object.keys(LENGTHS) as UmlWorkload[]) {
      const tickless: StubWork[] = [];
      for (const n of LENGTHS[workload]) {
        const converted = await recordAndConvert(root, workload, n);
        traces.set(workload, converted.trace);
        tickless.push(stubWork(converted.tickless.events));
      }
      const [n1, n2] = LENGTHS[workload];
      if (n2 !== undefined) realWork.set(workload, perIterationOf(tickless[0]!, tickless[1]!, n2 - n1!));
    }
  }, 900_000);
  afterAll(async () => root?.remove());

  // The image the emulator's processes run is the program's as UML maps it: its areas from the ELF file are the
  // VMAs below the heap, the vdso is UML's one page, and with the heap and the stack they are all of them.
  it('the guest program\'s image read from its ELF file has the areas UML maps for it', async () => {
    if (!host.ok || root === undefined || image === undefined) throw new Error('no root');
    const booted = await bootUml(root, { uml: host.uml, workload: 'maps', iterations: 0 });
    if (!booted.ok) throw new Error(booted.reason);
    const maps = [...booted.boot.console.matchAll(/^VMSPEC-MAP ([0-9a-f]+)-([0-9a-f]+) (\S+).*?(\[\w+\])?$/gm)]
      .map((m) => ({ start: parseInt(m[1]!, 16), end: parseInt(m[2]!, 16), name: m[4] ?? '' }));
    console.log(`[vmspec] the guest program inside UML: ${maps.length} areas; from its ELF file: ${image.areas.length} and the heap and stack`);
    const own = image.areas.filter((a) => a.name !== 'vdso');
    expect(maps.filter((m) => m.name === '').map((m) => [m.start, m.end])).toEqual(own.map((a) => [a.start, areaEnd(a)]));
    expect(maps.filter((m) => m.name !== '').map((m) => m.name).sort()).toEqual(['[heap]', '[stack]', '[vdso]']);
    const vdso = maps.find((m) => m.name === '[vdso]')!;
    expect((vdso.end - vdso.start) / 0x1000).toBe(image.areas.find((a) => a.name === 'vdso')!.pages);
  }, 120_000);

  it.each(Object.keys(ITERATIONS) as UmlWorkload[])('%s conforms to the skas0 spec', (workload) => {
    const trace = traces.get(workload)!;
    const verdict = conformLines(linesOf(trace));
    expect(verdict.kind, JSON.stringify(verdict).slice(0, 800)).toBe('conforms');
    expect(trace.events.length).toBeGreaterThan(ITERATIONS[workload] * 5);
  });

  /** Real UML's and the emulator's work per iteration (the emulator's run once per workload), printed side by side. */
  const compared = new Map<UmlWorkload, { real: StubWork; emulated: StubWork }>();
  const sideBySide = (workload: 'getpid' | 'pingpong' | 'fork'): { real: StubWork; emulated: StubWork } => {
    const known = compared.get(workload);
    if (known !== undefined) return known;
    const [n1, n2] = LENGTHS[workload];
    const emulated = skas0PerOperation(emulatorWorkload(workload, image)!, n1!, n2!, { timerInterval: NO_TICKS }, stubWork);
    const real = realWork.get(workload)!;
    console.log(`[vmspec] ${workload} per iteration, real/emulator: ${STUB_COUNT_KINDS.map((k) => `${k} ${real[k]}/${emulated[k]}`).join(', ')}`);
    compared.set(workload, { real, emulated });
    return { real, emulated };
  };

  /** The mechanisms a real run has beyond the emulator's, per iteration, each counted in both (the emulator runs without ticks). */
  const beyondEmulator = (workload: 'getpid' | 'pingpong' | 'fork') => {
    const { real, emulated } = sideBySide(workload);
    const beyond = {
      real, emulated,
      mappingCalls: real.newStubMappingCalls - emulated.newStubMappingCalls,
      faults: real.guestFaults - emulated.guestFaults,
      ticks: real.timerInterrupts - emulated.timerInterrupts,
      tlsLoads: real['regs.set.other'] - emulated['regs.set.other'],
    };
    console.log(`[vmspec] ${workload} per iteration beyond the emulator: ${beyond.mappingCalls} mapping calls, ${beyond.faults} faults, ${beyond.ticks.toFixed(3)} rescheduling ticks, ${beyond.tlsLoads.toFixed(3)} TLS loads`);
    return beyond;
  };

  /** The emulator's own demand fault, per fault: what the real run's extra faults are priced as. */
  let emulatorFault: StubCounts | undefined;
  /** Every kind of real work is the emulator's plus what the mechanisms beyond it add (within half an operation: a stray event is a 20th). */
  const expectExplained = ({ real, emulated, mappingCalls, faults, ticks, tlsLoads }: ReturnType<typeof beyondEmulator>): void => {
    const perFault = (emulatorFault ??= skas0HostCountsPerOperation((pages) => memoryToucher(pages, 1, 1), 2, 6, { timerInterval: NO_TICKS }));
    const explained = (kind: StubCountKind): number =>
      emulated[kind] + mappingCalls * (STUB_CALL[kind] ?? 0) + faults * perFault[kind] + ticks * (TIMER_TICK[kind] ?? 0) + tlsLoads * (TLS_LOAD[kind] ?? 0);
    for (const kind of STUB_COUNT_KINDS) expect(Math.abs(explained(kind) - real[kind]), `${kind}: explained ${explained(kind)}, real ${real[kind]}`).toBeLessThan(0.5);
  };

  // A timer tick that made UML reschedule is kept by withoutTimerTicks (it is work, not only time), and the switches it
  // caused load a TLS base each; under load there are more (a 5th of a tick per ping-pong round was seen). UML's
  // scheduler also switches back to the parent between a fork and its wait in some forks (0.3–0.4 TLS loads per fork
  // beyond the emulator's two). The emulator runs without ticks: both are counted in the real run and added. A fork's
  // mapping calls (one per area of the child: 9 for the static C program) and the child's fault on its code (fork does
  // not copy a read-only file area) are the emulator's own, from the program's image.
  it.skipIf(!countsModelled).each(['getpid', 'pingpong', 'fork'] as const)('per %s iteration the emulator does the host work real UML does, kind by kind, but for the ticks and switches UML\'s scheduler adds', (workload) => {
    const beyond = beyondEmulator(workload);
    // None beyond the emulator's, within half an operation (a stray event in one of the two runs is a 20th): one more
    // area or fault per iteration than the emulator's is a whole one.
    expect(Math.abs(beyond.mappingCalls), 'mapping calls beyond the emulator\'s').toBeLessThan(0.5);
    expect(Math.abs(beyond.faults), 'faults beyond the emulator\'s').toBeLessThan(0.5);
    expectExplained(beyond);
  });

  // Per fork the kinds the emulator's mechanism fixes agree: the fork's, the wait's and the exit's syscall stops, the
  // child's stub made and killed.
  it('per fork+exit+wait the syscall stops and stub lifetimes agree', () => {
    const { real, emulated } = sideBySide('fork');
    for (const kind of ['stop.syscall', 'create', 'kill'] as const) expect(emulated[kind], kind).toBe(Math.round(real[kind]));
  });

  const pingpong = () => traces.get('pingpong')!;
  const nth = (events: readonly SpecEvent[], match: (e: SpecEvent, i: number) => boolean, n = 3): number => {
    let seen = 0;
    const i = events.findIndex((e, j) => match(e, j) && seen++ === n);
    if (i < 0) throw new Error('no such event');
    return i;
  };

  // A stop whose next line reads the stub's registers: a timer's signal to the guest kernel may come first instead (a
  // CI run met one), and that is allowed while the stub runs, so the divergence would be one line later.
  it('diverges at a missing stop, on the line after it', () => {
    const events = pingpong().events;
    const i = nth(events, (e, j) => e.type === 'host.stub.stop' && e.why === 'syscall' && events[j + 1]?.type === 'host.stub.regs');
    const verdict = divergence(conformLines(linesOf(pingpong(), events.filter((_, j) => j !== i))));
    expect(verdict.line).toBe(i + 2);
    expect(verdict.message).toMatch(/running guest code/);
  });

  it('diverges at a resume of the wrong stub, on its line', () => {
    const events = pingpong().events;
    const i = nth(events, (e) => e.type === 'host.stub.resume' && e.how === 'sysemu' && e.stub === 2);
    const wrong = events.map((e, j) => (j === i && e.type === 'host.stub.resume' ? { ...e, stub: 1 } : e));
    const verdict = divergence(conformLines(linesOf(pingpong(), wrong)));
    expect(verdict.line).toBe(i + 2);
    expect(verdict.message).toMatch(/stub 1/);
  });

  it('diverges at the resume whose register write was skipped', () => {
    const events = pingpong().events;
    // The fp write right before a resume into guest code (a fault's restore before a stub call is written again later).
    const i = nth(events, (e, j) => e.type === 'host.stub.regs' && e.dir === 'set' && e.set === 'fp' && isSysemu(events[j + 1]));
    const verdict = divergence(conformLines(linesOf(pingpong(), events.filter((_, j) => j !== i))));
    expect(verdict.line).toBe(i + 2);
    expect(verdict.message).toMatch(/without its fp registers written/);
  });
});
