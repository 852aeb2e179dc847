/**
 * Real skas0 as a whole machine: every hand-written workload shows the guest
 * exactly what the paper's UMLinux shows it, with no user access reaching a
 * frame its process does not own and no integrity invariant broken; a getpid
 * costs what it costs real UML (one stop, two register reads, two writes, one
 * resume); and the cost model prices a run by stops and register transfers,
 * with no signal and no page-table work per syscall.
 */
import { describe, expect, it } from 'vitest';
import { modelRunTime } from '../cost/costModel.ts';
import { modelNativeTime } from '../cost/nativeModel.ts';
import type { HostCosts } from '../cost/hostCosts.ts';
import { diskReader } from '../workloads/diskReader.ts';
import { forkExitWait } from '../workloads/forkExitWait.ts';
import { forkTree } from '../workloads/forkTree.ts';
import { memoryToucher } from '../workloads/memoryToucher.ts';
import { nullSyscallLoop } from '../workloads/nullSyscallLoop.ts';
import { pipePingPong } from '../workloads/pipePingPong.ts';
import { kernelRegionProbe, userRegionProbe } from '../workloads/regionProbes.ts';
import { staticForker } from '../workloads/staticProgram.ts';
import { runWorkload } from './runWorkload.ts';
import { skas0HostCountsPerOperation, skas0PerOperation, stubMechanismCounts } from './stubCounts.ts';

const COSTS_FOR_STUBS: HostCosts = {
  syscallNs: 100, contextSwitchNs: 2000, ptraceStopNs: 6000, registerTransferNs: 450, processLifetimeNs: 700_000, signalNs: 1800, minorFaultNs: 1000, switchGuestNs: 150,
  mmap: { fixedNs: 2600, perPageNs: 290 }, munmap: { fixedNs: 2200, perPageNs: 150 }, mprotect: { fixedNs: 700, perPageNs: 70 },
  computeCycleNs: 1000, memoryAccessNs: 1,
};

const WORKLOADS = [
  nullSyscallLoop(3), pipePingPong(4), memoryToucher(8, 2), forkTree(2), userRegionProbe(), kernelRegionProbe(), diskReader(3), forkExitWait(3), staticForker(2),
];

describe.each(WORKLOADS.map((w) => [w.name, w] as const))('%s under skas0', (_name, workload) => {
  const skas0 = runWorkload(workload, { variant: 'skas0', seed: 3, audit: true, invariants: 'all' });

  it('shows the guest what umlinux shows it', () => {
    expect(skas0.observations.end).toBe('halted');
    expect(skas0.observations).toEqual(runWorkload(workload, { variant: 'umlinux', seed: 3 }).observations);
  });

  it('reaches no foreign frame and breaks no integrity invariant', () => {
    expect(skas0.crossProcess.first).toEqual([]);
    expect(skas0.integrity.first).toEqual([]);
    expect(skas0.integrity.checks).toBeGreaterThan(0);
  });
});

describe('skas0 counts', () => {
  it('a getpid costs one SYSEMU stop, two register reads, two writes and one resume, as in real UML', () => {
    expect(skas0HostCountsPerOperation(nullSyscallLoop, 10, 40)).toEqual({
      'stop.syscall': 1, 'stop.signal': 0, 'resume.sysemu': 1, 'resume.cont': 0,
      'regs.get.gpr': 1, 'regs.get.fp': 1, 'regs.get.other': 0, 'regs.set.gpr': 1, 'regs.set.fp': 1, 'regs.set.other': 0,
      create: 0, kill: 0,
    });
  });

  it('a new stub is mapped one stub call per area before it first runs, and a first touch is one fault', () => {
    // The child's copy of the heap page and the stack page: two areas, two calls; no fault in the loop.
    expect(skas0PerOperation(forkExitWait, 3, 5, { timerInterval: 10_000_000 }, stubMechanismCounts)).toEqual({ newStubMappingCalls: 2, guestFaults: 0, timerInterrupts: 0 });
    const touch = (pages: number) => stubMechanismCounts(runWorkload(memoryToucher(pages, 1, 1), { variant: 'skas0', trace: true }).trace);
    expect(touch(6).guestFaults - touch(2).guestFaults).toBe(4);
    expect(touch(6).newStubMappingCalls).toBe(0);
  });

  it('a fork/exit/wait round creates and kills one stub', () => {
    const perRound = skas0HostCountsPerOperation(forkExitWait, 5, 15);
    expect([perRound.create, perRound.kill]).toEqual([1, 1]);
  });

  it('the cost model prices a getpid as one stop and four register transfers, a fault\'s siginfo and a switch\'s TLS load as syscalls', () => {
    const costs = COSTS_FOR_STUBS;
    const time = (n: number) => modelRunTime(runWorkload(nullSyscallLoop(n), { variant: 'skas0' }).counters, costs).byClass;
    const [short, long] = [time(10), time(20)];
    const perGetpid = Object.fromEntries(Object.entries(long).map(([k, v]) => [k, (v - short[k as keyof typeof short]) / 10]));
    expect(perGetpid).toEqual({ syscalls: 0, contextSwitches: 0, ptraceStops: 6000, registerTransfers: 4 * 450, hostProcesses: 0, signals: 0, pageWork: 0, minorFaults: 0, guestCompute: 0 });
    const pingPong = runWorkload(pipePingPong(3), { variant: 'skas0' }).counters;
    expect(pingPong.ptraceOtherRequests).toBeGreaterThan(0);
    expect(pingPong.hostSyscalls).toEqual({});
    expect(modelRunTime(pingPong, costs).byClass.syscalls).toBe(pingPong.ptraceOtherRequests * 100);
  });

  it('the cost model charges each stub made, and nothing per getpid or natively', () => {
    const costs = COSTS_FOR_STUBS;
    const time = (n: number) => modelRunTime(runWorkload(forkExitWait(n), { variant: 'skas0', timerInterval: 10_000_000 }).counters, costs).byClass.hostProcesses;
    expect(time(6) - time(3)).toBe(3 * costs.processLifetimeNs);
    expect(modelRunTime(runWorkload(nullSyscallLoop(20), { variant: 'skas0' }).counters, costs).byClass.hostProcesses).toBe(costs.processLifetimeNs);
    const umlinuxFork = runWorkload(forkExitWait(3), { variant: 'umlinux' }).counters;
    expect(modelRunTime(umlinuxFork, costs).byClass.hostProcesses).toBe(0);
    expect(modelNativeTime(umlinuxFork, costs).byClass.hostProcesses).toBe(0);
  });

  it('counters agree with the trace and price no signal, mprotect or host syscall per getpid', () => {
    const short = runWorkload(nullSyscallLoop(10), { variant: 'skas0' }).counters;
    const long = runWorkload(nullSyscallLoop(20), { variant: 'skas0' }).counters;
    expect({
      ptraceStops: long.ptraceStops - short.ptraceStops,
      registerTransfers: long.registerTransfers - short.registerTransfers,
      hostContextSwitches: long.hostContextSwitches - short.hostContextSwitches,
      mprotectCalls: long.mprotectCalls, signals: long.signals, hostSyscalls: long.hostSyscalls,
    }).toEqual({ ptraceStops: 10, registerTransfers: 40, hostContextSwitches: 20, mprotectCalls: 0, signals: {}, hostSyscalls: {} });
  });
});
