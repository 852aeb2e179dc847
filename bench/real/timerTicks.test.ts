import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectOps, parseUmlStraceLog } from './parseUmlStraceLog.ts';
import type { RawVmmOp } from './rawVmmOp.ts';
import { countOps } from './summarizeOps.ts';
import { countTicks, withoutTimerTicks } from './timerTicks.ts';

const tick: RawVmmOp[] = [
  { kind: 'signal', line: 1, sig: 'SIGALRM' },
  { kind: 'kill', line: 2, tracee: 7, sig: 'SIGALRM' },
  { kind: 'hostcall', line: 3, nr: 'timer_settime', result: 0 },
  { kind: 'hostcall', line: 4, nr: 'rt_sigreturn', result: 0 },
];
const syscall = (line: number): RawVmmOp[] => [
  { kind: 'stop', line, tracee: 7, why: 'syscall' },
  { kind: 'regs', line: line + 1, tracee: 7, dir: 'get', set: 'gpr', syscall: 39 },
  { kind: 'resume', line: line + 2, tracee: 7, how: 'sysemu', sig: 0 },
];

describe('withoutTimerTicks', () => {
  it("drops the tracer's tick handling and the stub's SIGALRM stop up to its resume, and nothing else", () => {
    const alarmStop: RawVmmOp[] = [
      { kind: 'stop', line: 20, tracee: 7, why: 'signal', sig: 'SIGALRM' },
      { kind: 'regs', line: 21, tracee: 7, dir: 'get', set: 'gpr', syscall: -1 },
      { kind: 'resume', line: 22, tracee: 7, how: 'sysemu', sig: 0 },
    ];
    const ops = [...syscall(10), ...tick, ...alarmStop, ...syscall(30)];
    expect(countTicks(ops)).toBe(1);
    expect(withoutTimerTicks(ops)).toEqual([...syscall(10), ...syscall(30)]);
  });

  it('keeps a tick that made the guest kernel switch: the stop, the other stub, and the way back in', () => {
    const rescheduled: RawVmmOp[] = [
      { kind: 'stop', line: 20, tracee: 7, why: 'signal', sig: 'SIGALRM' },
      { kind: 'regs', line: 21, tracee: 7, dir: 'get', set: 'gpr', syscall: -1 },
      { kind: 'regs', line: 22, tracee: 8, dir: 'set', set: 'gpr' },
      { kind: 'resume', line: 23, tracee: 8, how: 'sysemu', sig: 0 },
      { kind: 'stop', line: 24, tracee: 8, why: 'syscall' },
      { kind: 'regs', line: 25, tracee: 7, dir: 'set', set: 'gpr' },
      { kind: 'resume', line: 26, tracee: 7, how: 'sysemu', sig: 0 },
    ];
    const ops = [...syscall(10), ...tick, ...rescheduled, ...syscall(30)];
    expect(withoutTimerTicks(ops)).toEqual([...syscall(10), ...rescheduled, ...syscall(30)]);
  });

  it('on a real getpid excerpt leaves the six syscall stops (three getpids, two clock reads, the END write) and the fault', async () => {
    const ops = await collectOps(parseUmlStraceLog(fileURLToPath(new URL('./fixtures/getpid.strace', import.meta.url))));
    const kept = withoutTimerTicks(ops);
    const counts = await countOps(kept);
    expect(counts['stop syscall']).toBe(6);
    expect(counts['stop signal SIGALRM']).toBeUndefined();
    expect(counts['kill SIGALRM']).toBeUndefined();
    expect(counts['stop signal SIGSEGV']).toBe(1);
    expect(ops.length - kept.length).toBe(6);
  });
});
