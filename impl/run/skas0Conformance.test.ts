/**
 * The emulator's real-skas0 runs against the skas0 spec: every hand-written
 * workload's trace is accepted, and an emulator broken on purpose (a register
 * write skipped before a resume, a stub other than the scheduled one resumed)
 * is rejected at the event where it went wrong.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../spec/stepper.ts';
import { SKAS0 } from '../../spec/variant.ts';
import type { HostKernel } from '../host/hostKernel.ts';
import type { StubProcesses } from '../host/stubProcesses.ts';
import type { MediationStrategy, VmmParts } from '../vmm/interfaces.ts';
import { diskReader } from '../workloads/diskReader.ts';
import { forkExitWait } from '../workloads/forkExitWait.ts';
import { forkTree } from '../workloads/forkTree.ts';
import { memoryToucher } from '../workloads/memoryToucher.ts';
import { nullSyscallLoop } from '../workloads/nullSyscallLoop.ts';
import { pipePingPong } from '../workloads/pipePingPong.ts';
import { userRegionProbe } from '../workloads/regionProbes.ts';
import { runWorkload } from './runWorkload.ts';
import type { Workload } from './workload.ts';

const WORKLOADS = [nullSyscallLoop(3), pipePingPong(4), memoryToucher(8, 2), forkTree(2), userRegionProbe(), diskReader(3), forkExitWait(3)];
const busy: Workload = { name: 'timer-ticks', programs: [[{ op: 'loop', times: 3, body: [{ op: 'compute', cycles: 600 }, { op: 'syscall', call: { nr: 'yield' } }] }], [{ op: 'compute', cycles: 1500 }]] };

/** The verdict on a skas0 run of `workload`, with the rejected event when there is one. */
function verdict(workload: Workload, parts?: (standard: VmmParts) => VmmParts): string {
  const result = runWorkload(workload, { variant: 'skas0', seed: 3, trace: true, ...(parts ? { parts } : {}) });
  const checked = run(SKAS0, result.trace);
  return checked.ok ? 'accepted' : `rejected at #${checked.index} ${JSON.stringify(result.trace[checked.index])} by ${checked.rejection.machine}`;
}

/** The skas0 mediation with the host's stub requests rewritten by `bend` (a VMM broken on purpose). */
function broken(bend: (stubs: StubProcesses) => void): (standard: VmmParts) => VmmParts {
  return (standard) => {
    const mediation: MediationStrategy = {
      ...standard.mediation,
      install(host: HostKernel, context) {
        standard.mediation.install(host, context);
        const stubs = host.stubTracing?.stubs;
        if (stubs === undefined) throw new Error('no stubs to break');
        bend(stubs);
      },
    };
    return { ...standard, mediation };
  };
}

describe('skas0 runs conform to the skas0 spec', () => {
  it.each([...WORKLOADS, busy].map((w) => [w.name, w] as const))('%s', (_name, workload) => {
    expect(verdict(workload)).toBe('accepted');
  });

  it('rejects a run whose VMM skips the floating-point register write before a resume', () => {
    const skipFpWrite = broken((stubs) => {
      const regs = stubs.regs.bind(stubs);
      stubs.regs = (stub, dir, set) => (dir === 'set' && set === 'fp' ? undefined : regs(stub, dir, set));
    });
    expect(verdict(nullSyscallLoop(2), skipFpWrite)).toMatch(/^rejected at #5 \{"type":"host.stub.resume","stub":1,"how":"sysemu"\} by mediation\/ptrace-sysemu$/);
  });

  it('rejects a run whose VMM resumes the stub that ran last instead of the scheduled one', () => {
    let lastRun: number | undefined;
    const resumeLast = broken((stubs) => {
      const resume = stubs.resume.bind(stubs);
      stubs.resume = (stub, how) => {
        const target = how === 'sysemu' && lastRun !== undefined && stubs.isStopped(lastRun) ? lastRun : stub;
        if (how === 'sysemu') lastRun = target;
        resume(target, how);
      };
    });
    expect(verdict(pipePingPong(2), resumeLast)).toMatch(/^rejected at #\d+ \{"type":"host.stub.resume","stub":1,"how":"sysemu"\} by /);
  });
});
