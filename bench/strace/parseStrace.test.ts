import { describe, expect, it } from 'vitest';
import { parseStrace } from './parseStrace.ts';
import { parseStraceLine } from './straceLine.ts';
import type { StraceWorkload, TracedProcess } from './straceWorkload.ts';

/** A shell that forks a child which reads, writes and exits; the parent waits (pids 100 and 101). */
const FORK_LOG = `
100 1700000000.000000 execve("/bin/sh", ["sh", "-c", "cat x"], 0x7ffd /* 3 vars */) = 0 <0.000300>
100 1700000000.001000 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD <unfinished ...>
101 1700000000.001100 execve("/usr/bin/cat", ["cat", "x"], 0x7ffd /* 3 vars */ <unfinished ...>
100 1700000000.001150 <... clone resumed>, child_tidptr=0x7f49a5801a10) = 101 <0.000150>
100 1700000000.001200 wait4(-1,  <unfinished ...>
101 1700000000.001400 <... execve resumed>) = 0 <0.000300>
101 1700000000.001500 openat(AT_FDCWD, "x", O_RDONLY) = 3 <0.000010>
101 1700000000.001600 read(3, "hello, world"..., 131072) = 4096 <0.000020>
101 1700000000.001700 read(3, "", 131072) = 0 <0.000005>
101 1700000000.001800 write(1, "hello = 1) = 2 (x)"..., 4096) = 4096 <0.000030>
101 1700000000.001900 openat(AT_FDCWD, "missing", O_RDONLY) = -1 ENOENT (No such file or directory) <0.000008>
101 1700000000.002000 exit_group(0)             = ?
101 1700000000.002100 +++ exited with 0 +++
100 1700000000.002150 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 101 <0.000950>
100 1700000000.002200 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=101, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
100 1700000000.002300 exit_group(0)             = ?
100 1700000000.002400 +++ exited with 0 +++
`;

function parsed(text: string, threshold?: number): StraceWorkload {
  const result = parseStrace(text, threshold);
  if (!result.ok) throw new Error(result.error);
  return result.workload;
}

const proc = (w: StraceWorkload, pid: number): TracedProcess => {
  const p = w.processes.find((x) => x.pid === pid);
  if (p === undefined) throw new Error(`no pid ${pid}`);
  return p;
};

describe('parseStraceLine', () => {
  it('reads hex results, errors and durations without float rounding', () => {
    expect(parseStraceLine('7 1795570375.352665 mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f3789dc2000 <0.000008>')).toEqual({
      ok: true,
      line: { pid: 7, flavour: 'ttt', stampUs: 1795570375352665, kind: 'call', name: 'mmap', args: 'NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0', result: 0x7f3789dc2000, errno: null, durationUs: 8 },
    });
    expect(parseStraceLine('     1.5 poll([{fd=3, events=POLLIN}], 1, 10) = 0 (Timeout) <0.010123>')).toMatchObject({ ok: true, line: { pid: null, flavour: 'r', stampUs: 1_500_000, result: 0, durationUs: 10123 } });
    expect(parseStraceLine('[pid  3] 23:59:59.000001 read(0, 0x1, 5) = 3')).toMatchObject({ ok: true, line: { pid: 3, flavour: 'tt', stampUs: 86_399_000_001, durationUs: null } });
    expect(parseStraceLine('3 2.000001 read(0, 0x1, 5) = ? ERESTARTSYS (To be restarted if SA_RESTART is set) <1.000000>')).toMatchObject({ ok: true, line: { result: null, errno: 'ERESTARTSYS', durationUs: 1_000_000 } });
  });

  it('says what is wrong with an unknown line', () => {
    expect(parseStraceLine('1700000000.000001 Process 5 attached')).toEqual({ ok: false, error: "unrecognised line 'Process 5 attached' (expected a call, a signal or an exit, after an optional pid and time stamp)" });
    expect(parseStraceLine('5 1.0 read(3, "abc", 3')).toEqual({ ok: false, error: "cannot read the result of 'read'" });
  });
});

describe('parseStrace', () => {
  const w = parsed(FORK_LOG);

  it('finds both processes, the parent link and how each ended', () => {
    expect(w.processes.map((p) => [p.pid, p.parentPid, p.thread, p.end.kind])).toEqual([[100, null, false, 'exited'], [101, 100, false, 'exited']]);
    expect(proc(w, 101).startUs).toBe(1000); // its creator's clone started at +1000 µs
    expect(proc(w, 101).programs).toEqual(['/usr/bin/cat']);
    expect(proc(w, 101).end).toEqual({ kind: 'exited', status: 0, atUs: 2100 });
    expect(w.durationUs).toBe(2400);
  });

  it('joins unfinished and resumed halves at the start time, marked split', () => {
    const [, clone, wait, signal] = proc(w, 100).events;
    expect(clone).toMatchObject({ kind: 'spawn', name: 'clone', atUs: 1000, durationUs: 150, child: 101, thread: false, sharesMemory: false, split: true });
    expect(wait).toMatchObject({ kind: 'wait', atUs: 1200, durationUs: 950, child: 101, blocked: true, gapUs: 50 });
    expect(signal).toEqual({ kind: 'signal', signal: 'SIGCHLD', atUs: 2200, code: 'CLD_EXITED', fromPid: 101 });
  });

  it('records I/O sizes, results, errors and compute gaps', () => {
    const events = proc(w, 101).events;
    expect(events.map((e) => e.kind)).toEqual(['exec', 'other', 'io', 'io', 'io', 'other', 'exit']);
    expect(events[0]).toMatchObject({ kind: 'exec', path: '/usr/bin/cat', gapUs: 100, durationUs: 300, result: 0 });
    expect(events[2]).toMatchObject({ kind: 'io', direction: 'read', fd: 3, bytes: 4096, requestedBytes: 131072, gapUs: 90, blocked: false });
    expect(events[3]).toMatchObject({ kind: 'io', direction: 'read', bytes: 0 });
    expect(events[4]).toMatchObject({ kind: 'io', direction: 'write', fd: 1, bytes: 4096, result: 4096 });
    expect(events[5]).toMatchObject({ name: 'openat', result: -1, errno: 'ENOENT' });
    expect(events[6]).toMatchObject({ kind: 'exit', status: 0, result: null, durationUs: 0 });
  });

  it('decides blocking by the threshold', () => {
    const wait = parsed(FORK_LOG, 2000).processes[0]!.events.find((e) => e.kind === 'wait');
    expect(wait?.kind === 'wait' && wait.blocked).toBe(false);
  });

  it('marks threads and vfork children, and calls cut off by a kill', () => {
    const log = [
      '1 1700000010.000000 clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f, stack_size=0x9000}, 88 <unfinished ...>',
      '2 1700000010.000100 execve("/usr/bin/cc1", ["cc1"], 0x1 /* 4 vars */) = 0 <0.000200>',
      '1 1700000010.000400 <... clone3 resumed>) = 2 <0.000400>',
      '1 1700000010.000500 clone(child_stack=0x7f, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, parent_tid=[3]) = 3 <0.000020>',
      '3 1700000010.000600 futex(0x55, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>',
      '3 1700000010.002000 +++ killed by SIGKILL +++',
      '2 1700000010.003000 +++ killed by SIGSEGV (core dumped) +++',
    ].join('\n');
    const k = parsed(log);
    expect(k.processes.map((p) => [p.pid, p.parentPid, p.thread])).toEqual([[1, null, false], [2, 1, false], [3, 1, true]]);
    expect(proc(k, 1).events[0]).toMatchObject({ kind: 'spawn', sharesMemory: true, blocked: true });
    expect(proc(k, 3).events).toEqual([expect.objectContaining({ name: 'futex', result: null, durationUs: 1400, split: true, blocked: true })]);
    expect(proc(k, 2).end).toEqual({ kind: 'killed', signal: 'SIGSEGV', atUs: 3000 });
  });

  it('names the line of a malformed log', () => {
    expect(parseStrace('1 1.0 getpid() = 1 <0.000001>\n1 1.1 <... read resumed>) = 3 <0.000001>')).toEqual({
      ok: false,
      error: "log:2: '<... read resumed>' for pid 1 without its unfinished start",
    });
    expect(parseStrace('1 1.0 read(0, <unfinished ...>\n1 1.1 getpid() = 1 <0.000001>', 100, 'x.strace')).toEqual({ ok: false, error: "x.strace:2: pid 1 starts 'getpid' while 'read' is unfinished" });
    expect(parseStrace('\n\n')).toEqual({ ok: false, error: 'log: the log is empty' });
    expect(parseStrace('garbage')).toEqual({ ok: false, error: 'log:1: expected "[PID] SECONDS.MICROS …" (record with strace -f -ttt -T)' });
    expect(parseStrace('1 1.0 garbage')).toMatchObject({ ok: false, error: expect.stringMatching(/^log:1: unrecognised line 'garbage'/) });
    expect(parseStrace('1 12:00:00.000001 getpid() = 1\n1 1700000000.000002 getpid() = 1')).toEqual({
      ok: false, error: 'log:2: time stamp looks like -ttt stamps (epoch seconds), but the log began with -tt stamps (HH:MM:SS.micros)',
    });
  });
});
