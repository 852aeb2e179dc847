/**
 * The seccomp-stub converter on the committed UML 7 logs (bench/real/fixtures/logs): what a guest getpid and a fork
 * become, and the one-line refusals of a log cut short or holding a line strace did not write.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SpecEvent } from '../../spec/index.ts';
import { parseRecordLine, toRecord } from '../../traces/index.ts';
import { seccompLines } from './seccompLines.ts';
import { seccompTrace, stubSignal, wokenWaiter, type SeccompTrace } from './seccompTrace.ts';

const path = (name: string): string => fileURLToPath(new URL(`./fixtures/logs/uml-7.2.7-seccomp-${name}.strace.gz`, import.meta.url));
const linesOf = (name: string): string[] => gunzipSync(readFileSync(path(name))).toString('utf8').split('\n');
const convert = (lines: readonly string[], source = 'log'): SeccompTrace => seccompTrace(lines, { source, kernel: '7.2.7' });
/** The error message of converting `lines`, or a failure. */
const refusal = (lines: readonly string[]): string => {
  try {
    convert(lines);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('converted');
};

/** Events counted by type and the field that tells them apart. */
function counts(events: readonly SpecEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) {
    const k = e.type === 'host.stub.wake' ? `${e.type} ${e.to}` : e.type === 'host.stub.signal' ? `${e.type} ${e.sig}`
      : e.type === 'guest.syscall' ? `${e.type} ${e.nr}` : e.type;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe('the seccomp-stub log converter on committed UML 7 logs', () => {
  it.each(['getpid-20', 'getpid-80', 'fork-4'])('%s converts from the start the BEGIN marker declares', (name) => {
    const trace = convert(linesOf(name), path(name));
    expect(trace.header).toMatchObject({
      version: 3, variant: 'skas0-seccomp', emulator: 'User-Mode Linux 7.2.7 (seccomp stubs) via strace -f -v', accesses: false, complete: false,
    });
    const pid = Number(/pid=(\d+)/.exec(trace.begin)![1]);
    expect('start' in trace.header ? trace.header.start : null).toEqual({ current: pid, processes: [{ pid, stub: 1 }] });
    expect(trace.events[0]).toMatchObject({ stub: 1 });
    expect(trace.logLines.length).toBe(trace.events.length);
    expect([...trace.logLines].sort((a, b) => a - b)).toEqual(trace.logLines);
    const unreadable = trace.events.map((e, i) => parseRecordLine(JSON.stringify(toRecord(i + 1, e)), i + 2)).filter((r) => 'kind' in r);
    expect(unreadable).toEqual([]); // every event is one the format-3 codec reads back
  });

  it('per guest getpid: one SIGSYS, one wake each way, one getpid entry and return, one sigreturn, no stub call', () => {
    const [c20, c80] = [counts(convert(linesOf('getpid-20')).events), counts(convert(linesOf('getpid-80')).events)];
    const per = (k: string): number => ((c80[k] ?? 0) - (c20[k] ?? 0)) / 60;
    expect(per('host.stub.signal SIGSYS')).toBe(1);
    expect(per('host.stub.wake kernel')).toBe(1);
    expect(per('guest.syscall getpid')).toBe(1);
    expect(per('guest.return')).toBe(1);
    expect(per('host.stub.wake stub')).toBe(1);
    expect(per('host.stub.sigreturn')).toBe(1);
    expect(c20['host.stub.syscall'] ?? 0).toBe(0);
    expect(c80['host.stub.syscall'] ?? 0).toBe(0);
  });

  it('fork 4: four children spawned on four new stubs, all killed; every sigreturn follows a wake of its stub', () => {
    const { events } = convert(linesOf('fork-4'));
    const spawns = events.filter((e) => e.type === 'guest.spawn');
    expect(spawns).toEqual([734, 735, 736, 737].map((pid) => ({ type: 'guest.spawn', parent: 733, pid })));
    expect(events.filter((e) => e.type === 'host.stub.create').map((e) => 'stub' in e && e.stub)).toEqual([2, 3, 4, 5]);
    expect(events.filter((e) => e.type === 'host.stub.kill').map((e) => 'stub' in e && e.stub)).toEqual([2, 3, 4, 5]);
    const woken = new Set<number>();
    for (const e of events) {
      if (e.type === 'host.stub.wake' && e.to === 'stub') woken.add(e.stub);
      if (e.type === 'host.stub.sigreturn') {
        expect(woken.has(e.stub), `stub ${e.stub}`).toBe(true);
        woken.delete(e.stub);
      }
    }
    // Each child runs after the wait of its parent: a switch to it, then its first fault, exit and a switch back.
    expect(events.filter((e) => e.type === 'guest.switch').length).toBe(8);
    expect(counts(events)['guest.fault']).toBeGreaterThanOrEqual(4);
  });
});

describe('refusals in one line naming the log line', () => {
  const lines = linesOf('getpid-20');
  const begin = lines.findIndex((l) => /^\d+ +\S+ write\(1, "VMSPEC-BEGIN getpid 20 pid=\d+", /.test(l));
  const oneLine = (message: string, line: number): void => {
    expect(message).toMatch(new RegExp(`^log:${line}: `));
    expect(message).not.toContain('\n');
  };

  it('a log cut off between the markers', () => {
    const cut = lines.slice(0, begin + 120);
    const message = refusal(cut);
    oneLine(message, begin + 120);
    expect(message).toMatch(/ends before the kernel's VMSPEC-END/);
  });

  it('a log cut off in the middle of a line', () => {
    const cut = [...lines.slice(0, begin + 120), lines[begin + 120]!.slice(0, 26)];
    oneLine(refusal(cut), begin + 121);
  });

  it('a garbage line between the markers', () => {
    const bad = [...lines.slice(0, begin + 60), 'this is not strace', ...lines.slice(begin + 60)];
    oneLine(refusal(bad), begin + 61);
  });

  it('a dropped kernel wake (both its halves): the stub returns to guest code unwoken', () => {
    const kernel = lines[begin]!.split(' ')[0]!;
    const byKernel = (l: string): boolean => l.startsWith(`${kernel} `);
    const at = lines.findIndex((l, i) => i > begin + 40 && byKernel(l) && / futex\(0x[0-9a-f]+, FUTEX_WAKE, 1 <unfinished/.test(l));
    const resumed = lines.findIndex((l, i) => i > at && byKernel(l) && l.includes('<... futex resumed>'));
    const sigreturn = lines.findIndex((l, i) => i > at && !byKernel(l) && l.includes(' rt_sigreturn('));
    const message = refusal(lines.filter((_, i) => i !== at && i !== resumed));
    oneLine(message, sigreturn - 1); // the 1-based line of the sigreturn, two lines up
    expect(message).toMatch(/stub 1 returns to guest code \(rt_sigreturn\) without a wake from the kernel/);
  });
});

describe('what a stub signal line says', () => {
  it('names the trapped syscall, the fault (ACCERR a write, MAPERR a read) and the timer', () => {
    expect(stubSignal('SIGSYS', '{si_signo=SIGSYS, si_code=SYS_SECCOMP, si_syscall=__NR_exit_group, si_arch=AUDIT_ARCH_X86_64}'))
      .toEqual({ sig: 'SIGSYS', pending: { kind: 'syscall', nr: 'exit' } });
    expect(stubSignal('SIGSYS', '{si_syscall=__NR_clock_gettime}')).toEqual({ sig: 'SIGSYS', pending: { kind: 'syscall', nr: 'other' } });
    expect(stubSignal('SIGSEGV', '{si_signo=SIGSEGV, si_code=SEGV_ACCERR, si_addr=0x7f7fffd18b88}'))
      .toEqual({ sig: 'SIGSEGV', pending: { kind: 'fault', addr: 0xffd18b88, op: 'write' } });
    expect(stubSignal('SIGSEGV', '{si_code=SEGV_MAPERR, si_addr=0x4019b8}')).toEqual({ sig: 'SIGSEGV', pending: { kind: 'fault', addr: 0x4019b8, op: 'read' } });
    expect(stubSignal('SIGALRM', '{si_code=SI_USER}')).toEqual({ sig: 'SIGALRM', pending: { kind: 'timer' } });
    expect(stubSignal('SIGCHLD', '{}')).toBeNull();
  });
});

/** A hand-written log after the patterns of the committed ones: `PID CALL` lines, stamped in order. */
const stamped = (body: string): string[] =>
  body.trim().split('\n').filter((l) => l.trim() !== '').map((l, i) => l.trim().replace(/^(\d+) /, (_, pid: string) => `${pid}  1796534060.${String(i + 1).padStart(6, '0')} `));
const startUp = (stub: number): string => `
  ${stub} execveat(5, "", ["uml-userspace"], NULL, AT_EMPTY_PATH) = 0 <0.000079>
  ${stub} exit(30) = 60 <0.000005>
  ${stub} --- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_syscall=__NR_exit, si_arch=AUDIT_ARCH_X86_64} ---
  ${stub} futex(0x7fffffffdf8c, FUTEX_WAKE, 1) = 1 <0.000006>
  ${stub} futex(0x7fffffffdf8c, FUTEX_WAIT, 1, NULL <unfinished ...>`;
const execLog = (call: 'execve' | 'getpid'): string[] => stamped(`
  100 execve("/tmp/linux.uml", ["/tmp/linux.uml", "seccomp=on"], 0x7ffd /* 3 vars */) = 0 <0.000100>
  100 clone(child_stack=0x7ffff6dbeff0, flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 200 <0.000200>
  ${startUp(200)}
  100 write(1, "VMSPEC-BEGIN exec 1 pid=40", 26) = 26 <0.000010>
  100 futex(0x61e82f8c, FUTEX_WAKE, 1) = 1 <0.000006>
  200 <... futex resumed>) = 0 <0.000100>
  200 rt_sigreturn({mask=[PIPE]}) = 26 <0.000005>
  100 futex(0x61e00000, FUTEX_WAKE_PRIVATE, 1) = 0 <0.000005>
  200 ${call}("/bin/x", ["x"], NULL) = 59 <0.000005>
  200 --- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_syscall=__NR_${call}, si_arch=AUDIT_ARCH_X86_64} ---
  200 futex(0x7fffffffdf8c, FUTEX_WAKE, 1) = 1 <0.000006>
  200 futex(0x7fffffffdf8c, FUTEX_WAIT, 1, NULL <unfinished ...>
  100 clone(child_stack=0x7ffff6dbeff0, flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 201 <0.000200>
  ${startUp(201)}
  100 kill(200, SIGKILL) = 0 <0.000008>
  200 <... futex resumed>) = ?
  200 +++ killed by SIGKILL +++
  100 futex(0x61e7cf8c, FUTEX_WAKE, 1) = 1 <0.000006>
  201 <... futex resumed>) = 0 <0.000100>
  201 mmap(0x400000, 4096, PROT_READ|PROT_EXEC, MAP_SHARED|MAP_FIXED, 1, 0xd25000) = 0x400000 <0.000007>
  201 rt_sigreturn({mask=[PIPE]}) = 0 <0.000005>
  100 kill(201, SIGALRM) = 0 <0.000006>
  201 --- SIGALRM {si_signo=SIGALRM, si_code=SI_USER, si_pid=100, si_uid=0} ---
  201 futex(0x7fffffffdf8c, FUTEX_WAKE, 1) = 1 <0.000006>
  201 futex(0x7fffffffdf8c, FUTEX_WAIT, 1, NULL <unfinished ...>
  100 futex(0x61e7cf8c, FUTEX_WAKE, 1) = 0 <0.000006>
  201 <... futex resumed>) = -1 EAGAIN (Resource temporarily unavailable) <0.000011>
  201 rt_sigreturn({mask=[PIPE]}) = 0 <0.000005>
  100 write(1, "VMSPEC-END 1", 12) = 12 <0.000010>`);

describe('the seccomp-stub converter on a hand-written execve', () => {
  it('puts the new stub under the caller, learns the new futex address, and keeps the events where the log shows them', () => {
    const trace = convert(execLog('execve'));
    const shown = trace.events.map((e, i) => `${trace.logLines[i]} ${JSON.stringify(e)}`);
    expect(shown).toEqual([
      '14 {"type":"host.stub.signal","stub":1,"sig":"SIGSYS"}',
      '15 {"type":"host.stub.wake","stub":1,"to":"kernel"}', '15 {"type":"guest.syscall","pid":40,"nr":"execve"}',
      '17 {"type":"host.stub.create","stub":2}', '23 {"type":"host.stub.kill","stub":1}',
      '26 {"type":"guest.return","pid":40}', '26 {"type":"host.stub.wake","stub":2,"to":"stub"}',
      '28 {"type":"host.stub.syscall","stub":2,"nr":"mmap"}', '29 {"type":"host.stub.sigreturn","stub":2}',
      '30 {"type":"host.signal.send","sig":"SIGALRM"}', '31 {"type":"host.stub.signal","stub":2,"sig":"SIGALRM"}',
      '32 {"type":"host.stub.wake","stub":2,"to":"kernel"}', '32 {"type":"guest.interrupt","irq":"timer"}',
      '34 {"type":"guest.return","pid":40}', '34 {"type":"host.stub.wake","stub":2,"to":"stub"}',
      '36 {"type":"host.stub.sigreturn","stub":2}',
    ]);
  });

  // Stub 201's wait starts after the wake and ends with 0 too, woken later: where a wait ends counts, not where it starts.
  it("learns a wake's stub from the first wait that ends with 0 after it", () => {
    const lines = seccompLines(stamped(`
      200 futex(0x7fffffffdf8c, FUTEX_WAIT, 1, NULL <unfinished ...>
      100 futex(0x61e82f8c, FUTEX_WAKE, 1) = 1 <0.000006>
      201 futex(0x7fffffffdf8c, FUTEX_WAIT, 1, NULL <unfinished ...>
      200 <... futex resumed>) = 0 <0.000100>
      201 <... futex resumed>) = 0 <0.000100>`), 'log');
    expect(wokenWaiter(lines, 1, new Set([200, 201]))).toBe(200);
    expect(wokenWaiter(lines, 3, new Set([200, 201]))).toBe(201);
  });

  it('refuses to return to a stub made outside a fork or execve, at the wake', () => {
    expect(refusal(execLog('getpid'))).toBe('log:26: stub 2 holds no known guest process (it appeared outside a fork or execve)');
  });
});
