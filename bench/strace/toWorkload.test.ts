/**
 * The strace → emulator converter on small intermediate forms: what each kind
 * of call becomes, the µs → cycle scale with strace's overhead taken off,
 * fork with the child's program, vfork children and threads in their
 * creator's memory, exec as a heap torn down and rebuilt, blocking calls as
 * disk reads, first touches spread over compute.
 */
import { describe, expect, it } from 'vitest';
import { runWorkload, type Instr, type Program } from '../../impl/index.ts';
import { parseStrace } from './parseStrace.ts';
import type { StraceWorkload } from './straceWorkload.ts';
import { IO_BUFFER, MAX_WORDS, toWorkload } from './toWorkload.ts';
import { CONVERSION_RULES } from './conversionRules.ts';
import { HEAP_BASE } from '../../impl/index.ts';

const LOG = `
100 1700000000.000000 execve("/bin/sh", ["sh"], 0x7ffd /* 3 vars */) = 0 <0.000020>
100 1700000000.000100 clone(child_stack=NULL, flags=SIGCHLD) = 101 <0.000010>
101 1700000000.000200 read(3, "hello"..., 131072) = 4096 <0.000010>
101 1700000000.000300 write(1, "x", 1) = 1 <0.000008>
101 1700000000.000400 exit_group(3)             = ?
101 1700000000.000500 +++ exited with 3 +++
100 1700000000.000600 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 101 <0.000500>
100 1700000000.001200 read(0, "q", 1) = 1 <0.002000>
100 1700000000.003300 exit_group(0)             = ?
100 1700000000.003400 +++ exited with 0 +++
`;

function parsed(text: string): StraceWorkload {
  const result = parseStrace(text);
  if (!result.ok) throw new Error(result.error);
  return result.workload;
}

const calls = (program: Program): string[] => program.flatMap((i) => (i.op === 'syscall' ? [i.call.nr] : []));
const computes = (program: Program): number[] => program.flatMap((i) => (i.op === 'compute' ? [i.cycles] : []));

describe('toWorkload', () => {
  const converted = toWorkload(parsed(LOG), 'small', { workingSetPages: 0, straceOverheadUs: 0 });
  if (!converted.ok) throw new Error(converted.error);
  const [root] = converted.workload.programs;

  it('turns exec into the heap torn down and rebuilt, clone into fork with the child program, wait4 into wait, a blocking read into a disk read', () => {
    expect(calls(root!)).toEqual(['brk', 'brk', 'fork', 'wait', 'read', 'exit']);
    expect(root!.slice(0, 2)).toEqual([{ op: 'syscall', call: { nr: 'brk', addr: HEAP_BASE } }, { op: 'syscall', call: { nr: 'brk', addr: HEAP_BASE + 16 * 0x1000 } }]);
    const fork = root!.find((i): i is Extract<Instr, { op: 'syscall' }> => i.op === 'syscall' && i.call.nr === 'fork')!;
    const child = fork.call.nr === 'fork' ? fork.call.child : [];
    expect(calls(child)).toEqual(['read', 'write', 'exit']);
    expect(child.find((i) => i.op === 'syscall' && i.call.nr === 'exit')).toEqual({ op: 'syscall', call: { nr: 'exit', status: 3 } });
    const diskRead = root!.filter((i) => i.op === 'syscall' && i.call.nr === 'read');
    expect(diskRead).toEqual([{ op: 'syscall', call: { nr: 'read', fd: 0, addr: IO_BUFFER, count: 1 } }]);
  });

  it('caps a transfer at 64 words and reads that did not block from the console (they return at once)', () => {
    const fork = root!.find((i) => i.op === 'syscall' && i.call.nr === 'fork');
    const child = fork?.op === 'syscall' && fork.call.nr === 'fork' ? fork.call.child : [];
    expect(child.filter((i) => i.op === 'syscall' && i.call.nr !== 'exit')).toEqual([
      { op: 'syscall', call: { nr: 'read', fd: 1, addr: IO_BUFFER, count: MAX_WORDS } },
      { op: 'syscall', call: { nr: 'write', fd: 1, addr: IO_BUFFER, count: 1 } },
    ]);
    expect(converted.summary).toMatchObject({ processes: 2, blockingReads: 1, cappedTransfers: 1, execs: 1, unreachableProcesses: 0 });
  });

  it('makes compute from gaps and from the time inside calls that did not block, 1 cycle per µs', () => {
    // root: exec 20 µs inside; gap 80 before clone, 10 inside; gap 490 before wait4 (blocked: its 500 µs add nothing);
    // gap 100 before the read (blocked), gap 100 before exit.
    expect(computes(root!)).toEqual([20, 80, 10, 490, 100, 100]);
    const half = toWorkload(parsed(LOG), 'half', { workingSetPages: 0, straceOverheadUs: 10, cyclesPerUs: 0.5 });
    if (!half.ok) throw new Error(half.error);
    // 10 µs of strace per call: off the gap first, the rest off the time inside (exec: no gap, 20 − 10 inside).
    expect(computes(half.workload.programs[0]!)).toEqual([5, 35, 5, 240, 45, 45]);
  });

  it('spreads first touches over compute as loads of new pages, then touches the recent working set again', () => {
    const touched = toWorkload(parsed(LOG), 'ws', { workingSetPages: 2, straceOverheadUs: 0, firstTouches: new Map([[100, 40]]) });
    if (!touched.ok) throw new Error(touched.error);
    const program = touched.workload.programs[0]!;
    const loads = program.flatMap((i) => (i.op === 'load' ? [i.addr] : []));
    expect(new Set(loads).size).toBe(40);
    expect(touched.summary.firstTouches).toBe(40);
    // The heap grows past its 16 initial pages before the 17th page is touched.
    const grownAt = program.findIndex((i) => i.op === 'syscall' && i.call.nr === 'brk' && i.call.addr > HEAP_BASE + 16 * 0x1000);
    expect(grownAt).toBeGreaterThan(0);
    expect(program.findIndex((i) => i.op === 'load' && i.addr >= HEAP_BASE + 16 * 0x1000)).toBeGreaterThan(grownAt);
    // The first compute (20 of 800 µs) brings 1 of 40 pages, then that page again as the working set.
    expect(program.slice(2, 5)).toEqual([{ op: 'compute', cycles: 20 }, { op: 'load', addr: HEAP_BASE }, { op: 'load', addr: HEAP_BASE }]);
  });

  it('runs a vfork child in its parent until its exec, then as a process of its own; a thread in its creator', () => {
    const log = [
      '1 1700000000.000000 clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f, stack_size=0x9000}, 88 <unfinished ...>',
      '2 1700000000.000100 close(3) = 0 <0.000005>',
      '2 1700000000.000200 execve("/usr/bin/cc1", ["cc1"], 0x1 /* 4 vars */) = 0 <0.000200>',
      '1 1700000000.000400 <... clone3 resumed>) = 2 <0.000400>',
      '2 1700000000.000500 getpid() = 2 <0.000005>',
      '2 1700000000.000600 exit_group(0) = ?',
      '1 1700000000.000700 clone(child_stack=0x7f, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, parent_tid=[3]) = 3 <0.000020>',
      '3 1700000000.000800 write(1, "x", 1) = 1 <0.000005>',
      '3 1700000000.000900 exit(0) = ?',
      '1 1700000001.000000 exit_group(0) = ?',
    ].join('\n');
    const c = toWorkload(parsed(log), 'spawns', { straceOverheadUs: 0 });
    if (!c.ok) throw new Error(c.error);
    const [main] = c.workload.programs;
    // vfork: a marker, the child's close in the parent's memory, then at its exec a new process; thread: a marker, its write.
    expect(calls(main!)).toEqual(['getpid', 'getpid', 'fork', 'getpid', 'write', 'exit']);
    const fork = main!.find((i) => i.op === 'syscall' && i.call.nr === 'fork');
    expect(fork?.op === 'syscall' && fork.call.nr === 'fork' && calls(fork.call.child)).toEqual(['brk', 'brk', 'getpid', 'exit']);
    expect(c.summary).toMatchObject({ processes: 3, vforkChildren: 1, inlinedThreads: 1, execs: 1 });
    const ran = runWorkload(c.workload, { variant: 'umlinux' });
    expect(ran.observations.end).toBe('halted');
  });

  it('runs on the emulator to the end under every preset with the same guest syscalls', () => {
    const results = ['umlinux', '+kernel-module', '+segment-bounds', '+multi-as'].map((variant) => runWorkload(converted.workload, { variant }));
    for (const r of results) expect(r.observations.end).toBe('halted');
    expect(new Set(results.map((r) => JSON.stringify(r.counters.guestSyscalls))).size).toBe(1);
    expect(results[0]!.observations.exits).toEqual({ 1: 0, 2: 3 });
  });

  it('refuses a log with no process', () => {
    expect(toWorkload({ epochUs: 0, durationUs: 0, processes: [], blockingThresholdUs: 100, recording: { flavour: 'ttt', durations: true, lines: 0, files: 1, straceMessages: 0 } }, 'empty')).toEqual({ ok: false, error: 'empty: the log has no process' });
  });
});

describe('calls the emulator lacks', () => {
  const log = `
100 1700000000.000000 execve("/bin/tar", ["tar"], 0x7ffd /* 3 vars */) = 0 <0.000020>
100 1700000000.000100 openat(AT_FDCWD, "a", O_RDONLY) = 3 <0.000010>
100 1700000000.000200 newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=5, ...}, AT_EMPTY_PATH) = 0 <0.000005>
100 1700000000.000300 newfstatat(AT_FDCWD, "b", 0x7ffd, 0) = -1 ENOENT (No such file or directory) <0.000005>
100 1700000000.000400 close(3) = 0 <0.000004>
100 1700000000.000500 exit_group(0)             = ?
100 1700000000.000600 +++ exited with 0 +++
`;
  it('are listed by name with their counts, and add up to the null syscalls they became', () => {
    const converted = toWorkload(parsed(log), 'tar', { workingSetPages: 0, straceOverheadUs: 0 });
    if (!converted.ok) throw new Error(converted.error);
    expect(converted.summary.unmodelled).toEqual({ openat: 1, newfstatat: 2, close: 1 });
    expect(converted.summary.calls['getpid']).toBe(4);
  });
});

describe('the converter rules docs/paper.md is generated from', () => {
  const shown = (program: Program): string[] => program.flatMap((i) => {
    if (i.op !== 'syscall') return [];
    return [i.call.nr === 'fork' ? `fork:[${shown(i.call.child).join(',')}]` : i.call.nr];
  });
  for (const rule of CONVERSION_RULES) {
    it(`${rule.recorded} → ${rule.guestCalls.join(' ')}`, () => {
      const converted = toWorkload(parsed(rule.example.join('\n')), 'rule', { workingSetPages: 0, straceOverheadUs: 0 });
      if (!converted.ok) throw new Error(converted.error);
      expect(shown(converted.workload.programs[0]!)).toEqual(rule.guestCalls);
    });
  }
});
