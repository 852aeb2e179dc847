/**
 * The paths of seccomp stubs (the `skas0-seccomp` preset), as observed with
 * `strace -f` on User-Mode Linux 7.2's kernel process and stubs: a guest
 * syscall, a switch, a fault, a timer interrupt, a fork and an exit, each one
 * complete path from guest code back to guest code, and the start of a trace
 * that begins mid-run.
 */
import { bootStubs, type StubProcess } from './stubPaths.ts';
import type { SpecEvent, StubSignal, StubSyscall } from './types.ts';

type Events = readonly SpecEvent[];
type TracedCall = Extract<SpecEvent, { type: 'guest.syscall' }>['nr'];

const signal = (stub: number, sig: StubSignal): SpecEvent => ({ type: 'host.stub.signal', stub, sig });
const wake = (stub: number, to: 'kernel' | 'stub'): SpecEvent => ({ type: 'host.stub.wake', stub, to });
const call = (stub: number, nr: StubSyscall): SpecEvent => ({ type: 'host.stub.syscall', stub, nr });

/** The running stub's handler takes `sig` and hands the entry to the guest kernel. */
export const handOver = (at: StubProcess, sig: StubSignal): Events => [signal(at.stub, sig), wake(at.stub, 'kernel')];

/** Back into `to`'s guest code: the kernel wakes its stub, whose handler makes `maps` first and returns. */
export const seccompReturn = (to: StubProcess, maps: readonly StubSyscall[] = []): Events => [
  { type: 'guest.return', pid: to.pid }, wake(to.stub, 'stub'), ...maps.map((nr) => call(to.stub, nr)), { type: 'host.stub.sigreturn', stub: to.stub },
];

/** The memory file passed to a stub and mapped by its handler, as UML 7 does on a stub's first return or a fault. */
const MAP_IN: readonly StubSyscall[] = ['recvmsg', 'mmap', 'close'];

/** A guest syscall's entry. */
export const seccompEntry = (at: StubProcess, nr: TracedCall): Events => [...handOver(at, 'SIGSYS'), { type: 'guest.syscall', pid: at.pid, nr }];

/** The VMM starts the guest kernel and, for each process, a stub; then the current process's guest code runs. */
export function seccompStubStart(processes: readonly StubProcess[], current: number): Events {
  const { events, running } = bootStubs(processes, current);
  return [...events, ...seccompReturn(running)];
}

/** A guest syscall that returns to the caller. */
export const seccompSyscall = (at: StubProcess, nr: TracedCall = 'getpid'): Events => [...seccompEntry(at, nr), ...seccompReturn(at)];

/** A guest syscall after which the guest kernel switches to another process. */
export const seccompSwitch = (from: StubProcess, to: StubProcess): Events => [
  ...seccompEntry(from, 'yield'), { type: 'guest.switch', from: from.pid, to: to.pid }, ...seccompReturn(to),
];

/**
 * A guest page fault: the failed access (left out when the trace records no accesses, as a real VMM's does not), the
 * stub's SIGSEGV handler hands it over; on the way back the handler maps the page.
 */
export const seccompFault = (at: StubProcess, addr = 0x0804_8000, recorded = true): Events => [
  ...(recorded ? [{ type: 'guest.access', pid: at.pid, addr, op: 'read', outcome: 'fault', mode: 'user' } as const] : []),
  ...handOver(at, 'SIGSEGV'), { type: 'guest.fault', pid: at.pid, addr, op: 'read' }, ...seccompReturn(at, MAP_IN),
];

/** A timer interrupt: the VMM signals the running stub, whose handler hands it over. */
export const seccompTimer = (at: StubProcess): Events => [
  { type: 'host.signal.send', sig: 'SIGALRM' }, ...handOver(at, 'SIGALRM'), { type: 'guest.interrupt', irq: 'timer' }, ...seccompReturn(at),
];

/** A fork: the kernel makes the child's stub; the parent's handler re-protects its pages on the way back. */
export const seccompFork = (parent: StubProcess, child: StubProcess): Events => [
  ...seccompEntry(parent, 'fork'), { type: 'guest.spawn', parent: parent.pid, pid: child.pid }, { type: 'host.stub.create', stub: child.stub },
  ...seccompReturn(parent, MAP_IN),
];

/** An exit: the process ends, its stub is killed, the guest kernel switches to `next`. */
export const seccompExit = (leaving: StubProcess, next: StubProcess): Events => [
  ...seccompEntry(leaving, 'exit'), { type: 'guest.exit', pid: leaving.pid }, { type: 'host.stub.kill', stub: leaving.stub },
  { type: 'guest.switch', from: leaving.pid, to: next.pid }, ...seccompReturn(next),
];

/** An `execve`: a new stub for the same process, the old one killed, the new one filled on the way back. */
export const seccompExecve = (at: StubProcess, stub: number): Events => [
  ...seccompEntry(at, 'execve'), { type: 'host.stub.create', stub }, { type: 'host.stub.kill', stub: at.stub },
  ...seccompReturn({ pid: at.pid, stub }, [...MAP_IN, 'arch_prctl']),
];

/** The kernel has a waiting stub's handler make maps for it mid-work (its hand-back is a wake of the kernel). */
export const seccompWork = (stub: number, maps: readonly StubSyscall[] = ['mmap']): Events => [
  wake(stub, 'stub'), ...maps.map((nr) => call(stub, nr)), wake(stub, 'kernel'),
];

const init: StubProcess = { pid: 1, stub: 1 };
const child: StubProcess = { pid: 2, stub: 2 };

/** Every path, from boot: the seeds of exploration and the positive cases of the tests. */
export const SECCOMP_STUB_PATHS: Readonly<Record<string, () => Events>> = {
  'null-syscall': () => [...seccompStubStart([init], 1), ...seccompSyscall(init)],
  'page-fault': () => [...seccompStubStart([init], 1), ...seccompFault(init)],
  'timer-interrupt': () => [...seccompStubStart([init], 1), ...seccompTimer(init)],
  'fork-switch-exit': () => [
    ...seccompStubStart([init], 1), ...seccompFork(init, child), ...seccompSwitch(init, child), ...seccompSyscall(child), ...seccompExit(child, init),
  ],
  execve: () => [...seccompStubStart([init], 1), ...seccompExecve(init, 2), ...seccompSyscall({ pid: 1, stub: 2 })],
  'work-for-the-kernel': () => [
    ...seccompStubStart([init, child], 1), ...seccompEntry(init, 'brk'), ...seccompWork(child.stub), ...seccompReturn(init),
  ],
};

/** A path that ends with the guest halted (the kernel halts from a syscall entry). */
export const thenHaltSeccomp = (path: Events, at: StubProcess): Events => [...path, ...seccompEntry(at, 'exit'), { type: 'guest.exit', pid: at.pid }, { type: 'guest.halt' }];
