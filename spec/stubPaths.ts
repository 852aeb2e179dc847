/**
 * The paths of real skas0 (the `skas0` preset), as observed with strace on
 * User-Mode Linux 6.1's kernel process: a guest syscall, a switch, a fault, a
 * timer interrupt, a fork and an exit, each one complete path from guest code
 * back to guest code. The start of a trace that begins mid-run is the same
 * boot path for the processes its header declares.
 */
import type { SpecEvent } from './types.ts';

type Events = readonly SpecEvent[];

/** A guest process and the stub holding its address space. */
export interface StubProcess {
  readonly pid: number;
  readonly stub: number;
}

const regs = (stub: number, dir: 'get' | 'set', set: 'gpr' | 'fp' | 'other'): SpecEvent => ({ type: 'host.stub.regs', stub, dir, set });
const stop = (stub: number, why: 'syscall' | 'signal'): SpecEvent => ({ type: 'host.stub.stop', stub, why });
const resume = (stub: number, how: 'sysemu' | 'cont'): SpecEvent => ({ type: 'host.stub.resume', stub, how });

/** The VMM reads a stopped stub's two register sets. */
export const readRegisters = (stub: number): Events => [regs(stub, 'get', 'gpr'), regs(stub, 'get', 'fp')];

/** Back to the same process: its registers written, its stub resumed. */
export const resumeSame = (to: StubProcess): Events => [
  { type: 'guest.return', pid: to.pid }, regs(to.stub, 'set', 'gpr'), regs(to.stub, 'set', 'fp'), resume(to.stub, 'sysemu'),
];

/** Into another process's stub: its registers and TLS base written, as UML's switch does. */
export const resumeOther = (to: StubProcess): Events => [
  { type: 'guest.return', pid: to.pid }, regs(to.stub, 'set', 'gpr'), regs(to.stub, 'set', 'other'), regs(to.stub, 'get', 'gpr'),
  regs(to.stub, 'set', 'gpr'), regs(to.stub, 'set', 'fp'), resume(to.stub, 'sysemu'),
];

/** A stub call: the stub runs its own code (host mm calls, or its fault-info handler) until it stops. */
export const stubCall = (stub: number): Events => [resume(stub, 'cont'), stop(stub, 'signal')];

/** The stop of a guest syscall and its entry. */
export const syscallEntry = (at: StubProcess, nr: Extract<SpecEvent, { type: 'guest.syscall' }>['nr']): Events => [
  stop(at.stub, 'syscall'), ...readRegisters(at.stub), { type: 'guest.syscall', pid: at.pid, nr },
];

/**
 * The boot of a trace that starts mid-run (either stub mode): the VMM starts the guest kernel and, for each process, a
 * stub, and the kernel switches to the current one; what resumes its guest code is the mode's own.
 */
export function bootStubs(processes: readonly StubProcess[], current: number): { readonly events: Events; readonly running: StubProcess } {
  const sorted = [...processes].sort((a, b) => a.pid - b.pid);
  const running = sorted.find((p) => p.pid === current);
  if (running === undefined) throw new Error(`start: the current process ${current} is not among the processes`);
  return {
    events: [
      { type: 'vmm.start' },
      ...sorted.flatMap((p): Events => [{ type: 'guest.spawn', parent: 0, pid: p.pid }, { type: 'host.stub.create', stub: p.stub }]),
      ...(current === 1 ? [] : [{ type: 'guest.switch', from: 1, to: current } as const]),
    ],
    running,
  };
}

/** The VMM starts the guest kernel and, for each process, a stub; then the current process's guest code runs. */
export function stubStart(processes: readonly StubProcess[], current: number): Events {
  const { events, running } = bootStubs(processes, current);
  return [...events, ...resumeSame(running)];
}

/** A guest syscall that returns to the caller. */
export const stubSyscall = (at: StubProcess, nr: Extract<SpecEvent, { type: 'guest.syscall' }>['nr'] = 'getpid'): Events => [
  ...syscallEntry(at, nr), ...resumeSame(at),
];

/** A guest syscall after which the guest kernel switches to another process. */
export const stubSwitch = (from: StubProcess, to: StubProcess): Events => [
  ...syscallEntry(from, 'yield'), { type: 'guest.switch', from: from.pid, to: to.pid }, ...resumeOther(to),
];

/**
 * A guest page fault: the failed access (left out when the trace records no accesses, as a real VMM's does not), a
 * SIGSEGV stop, the stub's fault-info call, a stub call mapping the page, the return.
 */
export const stubFault = (at: StubProcess, addr = 0x0804_8000, recorded = true): Events => [
  ...(recorded ? [{ type: 'guest.access', pid: at.pid, addr, op: 'read', outcome: 'fault', mode: 'user' } as const] : []),
  stop(at.stub, 'signal'), ...readRegisters(at.stub), regs(at.stub, 'get', 'other'), regs(at.stub, 'get', 'fp'),
  { type: 'guest.fault', pid: at.pid, addr, op: 'read' },
  ...stubCall(at.stub), regs(at.stub, 'set', 'fp'), regs(at.stub, 'set', 'gpr'), ...stubCall(at.stub),
  ...resumeSame(at),
];

/** A guest syscall whose copy from user memory faults in the guest kernel, which takes its own fault and returns. */
export const stubKernelFault = (at: StubProcess, addr = 0x7000_0000): Events => [
  ...syscallEntry(at, 'write'), { type: 'guest.access', pid: at.pid, addr, op: 'read', outcome: 'fault', mode: 'kernel' },
  { type: 'guest.fault', pid: at.pid, addr, op: 'read' }, ...resumeSame(at),
];

/** A timer interrupt: the VMM signals the running stub, which stops. */
export const stubTimer = (at: StubProcess): Events => [
  { type: 'host.signal.send', sig: 'SIGALRM' }, stop(at.stub, 'signal'), ...readRegisters(at.stub),
  { type: 'guest.interrupt', irq: 'timer' }, ...resumeSame(at),
];

/** A fork: the parent's stub clones the child's stub in a stub call; the parent returns. */
export const stubFork = (parent: StubProcess, child: StubProcess): Events => [
  ...syscallEntry(parent, 'fork'), ...stubCall(parent.stub),
  { type: 'guest.spawn', parent: parent.pid, pid: child.pid }, { type: 'host.stub.create', stub: child.stub },
  ...stubCall(child.stub), ...resumeSame(parent),
];

/** An exit: the process ends, its stub is killed, the guest kernel switches to `next`. */
export const stubExit = (leaving: StubProcess, next: StubProcess): Events => [
  ...syscallEntry(leaving, 'exit'), { type: 'guest.exit', pid: leaving.pid }, { type: 'host.stub.kill', stub: leaving.stub },
  { type: 'guest.switch', from: leaving.pid, to: next.pid }, ...resumeOther(next),
];

/** An `execve`: a new stub for the same process, the old one killed. */
export const stubExecve = (at: StubProcess, stub: number): Events => [
  ...syscallEntry(at, 'execve'), { type: 'host.stub.create', stub }, { type: 'host.stub.kill', stub: at.stub },
  ...stubCall(stub), ...resumeOther({ pid: at.pid, stub }),
];

const init: StubProcess = { pid: 1, stub: 1 };
const child: StubProcess = { pid: 2, stub: 2 };

/** Every path, from boot, ending halted: the seeds of exploration and the positive cases of the tests. */
export const STUB_PATHS: Readonly<Record<string, () => Events>> = {
  'null-syscall': () => [...stubStart([init], 1), ...stubSyscall(init)],
  'page-fault': () => [...stubStart([init], 1), ...stubFault(init)],
  'kernel-fault': () => [...stubStart([init], 1), ...stubKernelFault(init)],
  'timer-interrupt': () => [...stubStart([init], 1), ...stubTimer(init)],
  'fork-switch-exit': () => [
    ...stubStart([init], 1), ...stubFork(init, child), ...stubSwitch(init, child), ...stubSyscall(child), ...stubExit(child, init),
  ],
  execve: () => [...stubStart([init], 1), ...stubExecve(init, 2), ...stubSyscall({ pid: 1, stub: 2 })],
};

/** A path that ends with the guest halted (the kernel halts from a syscall entry). */
export const thenHaltStub = (path: Events, at: StubProcess): Events => [...path, ...syscallEntry(at, 'exit'), { type: 'guest.exit', pid: at.pid }, { type: 'guest.halt' }];
