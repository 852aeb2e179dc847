/**
 * Under real skas0 a woken process finishes the syscall it blocked in without
 * a return to user mode and a second SYSEMU stop (Linux sleeps inside the
 * call); the guest must not be able to tell: where a device event or the step
 * limit would come before the restarted call, the restart is kept. Checked
 * against umlinux (which restarts) over many timer phases and schedules.
 */
import { describe, expect, it } from 'vitest';
import { runWorkload } from '../run/runWorkload.ts';
import type { Workload } from '../run/workload.ts';
import { skas0HostCountsPerOperation } from '../run/stubCounts.ts';
import { pipePingPong } from '../workloads/pipePingPong.ts';
import { HEAP_BASE } from './guestProcess.ts';

const BUF = HEAP_BASE + 0x100;
/** A reader blocked on a pipe, a writer that keeps running, and a third process competing for the CPU. */
const wokenAmongOthers: Workload = {
  name: 'woken-among-others',
  programs: [[
    { op: 'syscall', call: { nr: 'pipe', addr: HEAP_BASE } },
    { op: 'syscall', call: { nr: 'fork', child: [{ op: 'loop', times: 6, body: [{ op: 'syscall', call: { nr: 'read', fd: 3, addr: BUF, count: 1 } }, { op: 'load', addr: BUF }] }] } },
    { op: 'syscall', call: { nr: 'fork', child: [{ op: 'loop', times: 30, body: [{ op: 'compute', cycles: 3 }, { op: 'syscall', call: { nr: 'getpid' } }] }] } },
    {
      op: 'loop', times: 6, body: [
        { op: 'store', addr: BUF, value: 9 },
        { op: 'syscall', call: { nr: 'write', fd: 4, addr: BUF, count: 1 } },
        { op: 'compute', cycles: 2 },
      ],
    },
    { op: 'syscall', call: { nr: 'wait' } },
    { op: 'syscall', call: { nr: 'wait' } },
  ]],
};

describe('a blocked syscall finishes in kernel mode under skas0', () => {
  it('costs a ping-pong round four SYSEMU stops, as in real UML (no restart stops)', () => {
    const perRound = skas0HostCountsPerOperation(pipePingPong, 10, 30);
    expect([perRound['stop.syscall'], perRound['resume.sysemu']]).toEqual([4, 4]);
  });

  it('shows the guest what the restart shows it, whatever the timer phase, schedule or step limit', () => {
    const differing: string[] = [];
    const compare = (workload: Workload, options: { readonly timerInterval: number; readonly seed: number; readonly maxSteps?: number }) => {
      const skas0 = runWorkload(workload, { ...options, variant: 'skas0' }).observations;
      const umlinux = runWorkload(workload, { ...options, variant: 'umlinux' }).observations;
      if (JSON.stringify(skas0) !== JSON.stringify(umlinux)) differing.push(`${workload.name} ${JSON.stringify(options)}`);
    };
    for (let timerInterval = 2; timerInterval <= 40; timerInterval++) {
      for (let seed = 1; seed <= 4; seed++) compare(wokenAmongOthers, { timerInterval, seed });
    }
    for (let maxSteps = 40; maxSteps <= 50; maxSteps++) {
      for (const timerInterval of [7, 1000]) compare(pipePingPong(5), { timerInterval, seed: 1, maxSteps });
    }
    expect(differing).toEqual([]);
  });
});
