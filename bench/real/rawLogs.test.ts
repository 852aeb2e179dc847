/**
 * The outside reference, offline: raw tracer logs of real User-Mode Linux
 * (6.1 and 7.2, ptrace and seccomp stubs; bench/real/fixtures/logs, recorded
 * with `vmspec real record`, see its README) are converted, conformed and
 * counted on every CI host, whether or not it can boot UML. Corruptions are
 * made in the raw log, not in the converted trace: the pipeline as a whole
 * must refuse them, at the corrupted place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpecEvent } from '../../spec/index.ts';
import { conformLines, formatHeaderLine, toRecord, type Verdict } from '../../traces/index.ts';
import { perIterationOf, runWorkload, skas0PerOperation, stubCounts, stubMechanismCounts, type ProcessImage } from '../../impl/index.ts';
import { convertRawLog, logInfo } from './convertRawLog.ts';
import { emulatorWorkload } from './predictUmlTime.ts';
import { markerWriteIndex, seccompCounts } from './seccompLog.ts';
import { withoutTimerTicks } from './timerTicks.ts';
import { pidOfMarker, umlTrace, type UmlTrace } from './umlTrace.ts';
import { collectOps, parseUmlStraceLines } from './parseUmlStraceLog.ts';
import { perIteration } from './summarizeOps.ts';

const DIR = fileURLToPath(new URL('./fixtures/logs/', import.meta.url));
const NAME = /^uml-(\d+\.\d+\.\d+)-(ptrace|seccomp)-(\w+)-(\d+)\.strace\.gz$/;
const LOGS = readdirSync(DIR).flatMap((file) => {
  const m = NAME.exec(file);
  return m === null ? [] : [{ file, path: join(DIR, file), version: m[1]!, mode: m[2] as 'ptrace' | 'seccomp', workload: m[3]!, n: Number(m[4]) }];
});
const image = JSON.parse(readFileSync(join(DIR, 'vmspecGuest.image.json'), 'utf8')) as ProcessImage;
const linesOf = (path: string): string[] => gunzipSync(readFileSync(path)).toString('utf8').split('\n');
const traceLines = (trace: UmlTrace, events: readonly SpecEvent[] = trace.events): string[] =>
  [formatHeaderLine(trace.header), ...events.map((event, i) => JSON.stringify(toRecord(i + 1, event)))];
const log = (version: string, mode: string, workload: string, n: number) => {
  const found = LOGS.find((l) => l.version === version && l.mode === mode && l.workload === workload && l.n === n);
  if (found === undefined) throw new Error(`no committed log uml-${version}-${mode}-${workload}-${n}`);
  return found;
};
const versions = [...new Set(LOGS.map((l) => l.version))].sort();

describe('committed raw UML logs', () => {
  it('cover two UML versions, both stub modes, and every workload in ptrace mode', () => {
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(LOGS.map((l) => l.mode))).toEqual(new Set(['ptrace', 'seccomp']));
    for (const version of versions) expect(new Set(LOGS.filter((l) => l.version === version && l.mode === 'ptrace').map((l) => l.workload))).toEqual(new Set(['getpid', 'pingpong', 'fork', 'pipeline']));
  });

  it.each(LOGS.map((l) => [l.file, l] as const))('%s: the log names its kernel and mode', (_, l) => {
    expect(logInfo(linesOf(l.path))).toEqual({ kernel: l.version, mode: l.mode });
  });

  it.each(LOGS.filter((l) => l.mode === 'ptrace').map((l) => [l.file, l] as const))('%s converts and conforms to the skas0 spec', async (_, l) => {
    const converted = await convertRawLog(l.path);
    if (!converted.ok) throw new Error(converted.reason);
    expect(converted.value.trace.header.emulator).toBe(`User-Mode Linux ${l.version} (ptrace stubs) via strace -v`);
    const verdict = conformLines(traceLines(converted.value.trace));
    expect(verdict.kind, JSON.stringify(verdict).slice(0, 600)).toBe('conforms');
    expect(converted.value.trace.events.length).toBeGreaterThan(l.n * 5);
  });

  it.each(LOGS.filter((l) => l.mode === 'seccomp').map((l) => [l.file, l] as const))('%s converts to a skas0-seccomp trace that conforms', async (_, l) => {
    const converted = await convertRawLog(l.path);
    if (!converted.ok) throw new Error(converted.reason);
    expect(converted.value.info).toMatchObject({ kernel: l.version, mode: 'seccomp' });
    expect(converted.value.info.begin).toMatch(new RegExp(`^VMSPEC-BEGIN ${l.workload} ${l.n} pid=\\d+$`));
    expect(converted.value.trace.header).toMatchObject({ variant: 'skas0-seccomp', emulator: `User-Mode Linux ${l.version} (seccomp stubs) via strace -f -v` });
    expect(converted.value.trace.events.filter((e) => e.type === 'host.stub.sigreturn').length).toBeGreaterThanOrEqual(l.n);
    const verdict = conformLines(traceLines(converted.value.trace));
    expect(verdict.kind, JSON.stringify(verdict).slice(0, 600)).toBe('conforms');
  });
});

/** Tickless per-iteration host work of a converted log pair. */
async function realPerIteration(version: string, workload: string, n1: number, n2: number) {
  const work = async (n: number) => {
    const lines = linesOf(log(version, 'ptrace', workload, n).path);
    const ops = await collectOps(parseUmlStraceLines(lines));
    const begin = ops.find((o) => o.kind === 'marker');
    const pid = pidOfMarker(begin?.kind === 'marker' ? begin.text : '')!;
    const events = umlTrace(withoutTimerTicks(ops), { workload, pid }).events;
    return { ...stubCounts(events), ...stubMechanismCounts(events) };
  };
  return perIterationOf(await work(n1), await work(n2), n2 - n1);
}

describe('counts, offline: what the model predicts against what real UML did', () => {
  const emulated = (workload: 'getpid' | 'fork', n1: number, n2: number) =>
    skas0PerOperation(emulatorWorkload(workload, image)!, n1, n2, { timerInterval: 10_000_000 }, (t) => ({ ...stubCounts(t), ...stubMechanismCounts(t) }));

  // Regression of a transcribed protocol: the emulator's per-syscall register moves were written from UML's logs.
  it.each(versions)('UML %s: per getpid, one stop, four register transfers, one SYSEMU (transcribed protocol: a regression check)', async (version) => {
    const real = await realPerIteration(version, 'getpid', 20, 80);
    const model = emulated('getpid', 20, 80);
    for (const kind of ['stop.syscall', 'regs.get.gpr', 'regs.get.fp', 'regs.set.gpr', 'regs.set.fp', 'resume.sysemu'] as const) {
      expect(Math.abs(real[kind] - model[kind]), `${kind}: real ${real[kind]}, model ${model[kind]}`).toBeLessThan(0.1);
    }
  });

  // Predictions from the program's image and the guest kernel: one stub made and killed per fork, and (UML 6's
  // force_flush_all) one mapping call per area of the child, and its one fault on code fork did not copy.
  it.each(versions)('UML %s: per fork, stub lifetimes and syscall stops as the model derives them', async (version) => {
    const real = await realPerIteration(version, 'fork', 4, 24);
    const model = emulated('fork', 4, 24);
    for (const kind of ['stop.syscall', 'create', 'kill'] as const) expect(model[kind], kind).toBe(Math.round(real[kind]));
  });

  it.each(versions.filter((v) => v.startsWith('6.')))('UML %s: per fork, the child\'s mapping calls and faults as the model derives them from the image', async (version) => {
    const real = await realPerIteration(version, 'fork', 4, 24);
    const model = emulated('fork', 4, 24);
    expect(Math.abs(real.newStubMappingCalls - model.newStubMappingCalls)).toBeLessThan(0.5);
    expect(Math.abs(real.guestFaults - model.guestFaults)).toBeLessThan(0.5);
  });

  // The model's own, from the mechanism (a trap, then a hand-off each way: a FUTEX_WAKE and a FUTEX_WAIT each).
  it('UML 7 seccomp stubs: per guest getpid the SIGSYS, futex calls and rt_sigreturn the emulator\'s skas0-seccomp makes, and no ptrace', () => {
    const counts = (n: number) => {
      const counted = seccompCounts(linesOf(log(versions.at(-1)!, 'seccomp', 'getpid', n).path));
      if (!counted.ok) throw new Error(counted.reason);
      return counted.counts;
    };
    const real = perIteration(counts(20), 20, counts(80), 80);
    const run = (n: number) => runWorkload(emulatorWorkload('getpid', image)!(n), { variant: 'skas0-seccomp', timerInterval: 10_000_000 }).counters;
    const [short, long] = [run(20), run(80)];
    const model = { sigsys: ((long.signals.SIGSYS ?? 0) - (short.signals.SIGSYS ?? 0)) / 60, futex: ((long.hostSyscalls.futex ?? 0) - (short.hostSyscalls.futex ?? 0)) / 60 };
    console.log(`[vmspec] seccomp stubs, per guest getpid, real: ${JSON.stringify(real)}; model: ${JSON.stringify(model)}`);
    expect(real['sigsys getpid']).toBeCloseTo(model.sigsys, 1);
    expect((real['futex wake'] ?? 0) + (real['futex wait'] ?? 0)).toBeCloseTo(model.futex, 1);
    expect(real['rt_sigreturn']).toBeCloseTo(1, 1);
    expect(real['ptrace'] ?? 0).toBe(0);
  });
});

/** The log's lines with `edit` applied to the first line between the markers (past the first few) that `match` picks; the edited line's number. */
function corrupt(lines: readonly string[], match: (line: string, i: number) => boolean, edit: (line: string) => string | null): { lines: string[]; at: number } {
  const begin = markerWriteIndex(lines, 'VMSPEC-BEGIN');
  const end = markerWriteIndex(lines, 'VMSPEC-END', begin + 1);
  const at = lines.findIndex((l, i) => i > begin + 20 && i < end && match(l, i));
  if (at < 0) throw new Error('nothing to corrupt');
  const edited = edit(lines[at]!);
  return { lines: edited === null ? [...lines.slice(0, at), ...lines.slice(at + 1)] : [...lines.slice(0, at), edited, ...lines.slice(at + 1)], at: at + 1 };
}

describe('corruptions of the raw log are refused where they are', () => {
  let dir = '';
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'vmspec-rawlog-')); });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  /** Converts and conforms an edited log: the verdict, and the raw log line of the event it stopped at. */
  const check = async (lines: readonly string[], name: string): Promise<{ verdict: Verdict | { kind: 'unconverted'; reason: string }; logLine: number | undefined }> => {
    const path = join(dir, name);
    await writeFile(path, lines.join('\n'));
    const converted = await convertRawLog(path);
    if (!converted.ok) return { verdict: { kind: 'unconverted', reason: converted.reason }, logLine: Number(/:(\d+):/.exec(converted.reason)?.[1] ?? /log line (\d+)/.exec(converted.reason)?.[1]) };
    const verdict = conformLines(traceLines(converted.value.trace));
    return { verdict, logLine: verdict.kind === 'diverges' ? converted.value.trace.logLines[verdict.line - 2] : undefined };
  };

  // On a syscall's way back in the getpid loop, and after a stub call in a fork (the call forgets what was written).
  it.each(versions.flatMap((v) => [[v, 'getpid', 20], [v, 'fork', 4]] as const))('UML %s, %s: a dropped SETREGSET (fp not restored) before a SYSEMU', async (version, workload, n) => {
    const lines = linesOf(log(version, 'ptrace', workload, n).path);
    const is = (i: number, request: string) => (lines[i] ?? '').includes(`ptrace(${request},`);
    const wayBack = (i: number) => workload === 'getpid' ? is(i - 2, 'PTRACE_GETREGSET') : (lines[i - 2] ?? '').includes('wait4(');
    const { lines: bad, at } = corrupt(lines, (_, i) => is(i, 'PTRACE_SETREGSET') && is(i + 1, 'PTRACE_SYSEMU') && is(i - 1, 'PTRACE_SETREGS') && wayBack(i), () => null);
    const { verdict, logLine } = await check(bad, `fp-${version}-${workload}.strace`);
    expect(verdict.kind).toBe('diverges');
    expect(logLine, JSON.stringify(verdict).slice(0, 400)).toBe(at); // the SYSEMU, now on the dropped line's number
  });

  it.each(versions)('UML %s: a PTRACE_SYSEMU of the other stub than the one whose registers were written', async (version) => {
    const lines = linesOf(log(version, 'ptrace', 'pingpong', 20).path);
    const tracees = [...new Set(lines.flatMap((l) => /PTRACE_SYSEMU, (\d+),/.exec(l)?.[1] ?? []))];
    const { lines: bad, at } = corrupt(lines, (l) => l.includes('PTRACE_SYSEMU'), (l) => {
      const own = /PTRACE_SYSEMU, (\d+),/.exec(l)![1]!;
      return l.replace(`PTRACE_SYSEMU, ${own},`, `PTRACE_SYSEMU, ${tracees.find((t) => t !== own)!},`);
    });
    const { verdict, logLine } = await check(bad, `resume-${version}.strace`);
    expect(verdict.kind).not.toBe('conforms');
    expect(logLine, JSON.stringify(verdict).slice(0, 400)).toBe(at);
  });

  // The weakness UML's own stub source names: guest code that jumps into the stub's page makes the calls the filter
  // allows from there (here an mmap of the memory file, right after the stub returned into guest code).
  it('UML 7 seccomp stubs: a host call made by guest code (no SIGSYS: the filter let it through) is refused there, in words', async () => {
    const lines = linesOf(log(versions.at(-1)!, 'seccomp', 'getpid', 20).path);
    const begin = markerWriteIndex(lines, 'VMSPEC-BEGIN');
    const end = markerWriteIndex(lines, 'VMSPEC-END', begin + 1);
    const at = lines.findIndex((l, i) => i > begin + 30 && i < end && /rt_sigreturn\(/.test(l));
    const [pid, time] = lines[at]!.split(/ +/);
    const gadget = `${pid} ${time} mmap(0x7000000000, 4096, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_FIXED, 1, 0) = 0x7000000000 <0.000005>`;
    const { verdict, logLine } = await check([...lines.slice(0, at + 1), gadget, ...lines.slice(at + 1)], 'gadget.strace');
    expect(verdict.kind).toBe('diverges');
    expect(logLine).toBe(at + 2);
    if (verdict.kind === 'diverges') expect(verdict.message).toMatch(/host\.stub\.syscall mmap by stub 1 while it runs guest code/);
  });

  it('UML 7 seccomp stubs: a dropped futex wake of the kernel is refused at its place', async () => {
    const lines = linesOf(log(versions.at(-1)!, 'seccomp', 'getpid', 20).path);
    const begin = markerWriteIndex(lines, 'VMSPEC-BEGIN');
    const { lines: bad, at } = corrupt(lines, (l, i) => i > begin + 30 && /--- SIGSYS .*__NR_getpid/.test(lines[i - 1] ?? '') && /FUTEX_WAKE/.test(l) && !/resumed/.test(l), () => null);
    const { verdict, logLine } = await check(bad, 'nowake.strace');
    expect(verdict.kind).not.toBe('conforms');
    expect(Math.abs((logLine ?? 0) - at)).toBeLessThanOrEqual(3);
  });
});
