/**
 * Real skas0's host processes (User-Mode Linux 6.1): the VMM process, which
 * runs the guest kernel in its own address space (0), and the stub processes
 * it traces, one per guest address space, each with an address space of its
 * own (numbered from 1 in order of creation, as the trace numbers them). The
 * host side of ptrace on a stub: it stops (at a syscall under PTRACE_SYSEMU,
 * or for a signal), its registers are read and written only while it is
 * stopped, it is resumed to run guest code or its own stub code, killed. The
 * CPU runs one host process at a time; its address space is the live one.
 */
import type { HostSignal, RegisterDirection, RegisterSet, StubResume, StubStop } from '../../spec/types.ts';
import type { MutableCounters } from '../counters.ts';
import type { TraceSink } from '../trace.ts';
import type { HostMm } from './hostMm.ts';

/** The VMM process's own address space. */
export const VMM_ADDRESS_SPACE = 0;

/** A ptrace request on a stub the host refuses (ESRCH: not stopped, or no such tracee): always a VMM bug here. */
export class StubRequestError extends Error {}

/** The stub processes of one run. */
export class StubProcesses {
  private readonly stopped = new Set<number>();
  private nextStub = 1;
  /** The stub on the CPU (undefined: the VMM process runs). */
  running: number | undefined = undefined;
  /**
   * The stub the VMM resumes at its next return to guest user mode: the VMM's own bookkeeping (UML's
   * `current->mm->context.id`), kept here because its mediation and its address-space choice share it.
   */
  scheduled: number | undefined = undefined;

  constructor(private readonly mm: HostMm, protected readonly sink: TraceSink, protected readonly counters: MutableCounters) {}

  /** True when `stub` exists and is stopped (the only state ptrace requests are allowed in). */
  isStopped(stub: number): boolean {
    return this.stopped.has(stub);
  }

  /**
   * A new stub process, stopped: started by the VMM (empty address space), or cloned by the running stub
   * `from` (a fork without CLONE_VM: a copy of its mappings). Not yet traced: see {@link attach}.
   */
  spawn(from: number | undefined): number {
    if (from !== undefined && this.running !== from) throw new StubRequestError(`stub ${from} cannot clone: it is not running`);
    const stub = this.nextStub++;
    this.mm.createSpace(stub, from);
    this.stopped.add(stub);
    return stub;
  }

  /** The VMM waits for a new stub's first stop and sets its ptrace options: it is traced from now on. */
  attach(stub: number): void {
    if (!this.stopped.has(stub)) throw new StubRequestError(`stub ${stub} cannot be attached: it is not stopped`);
    if (this.sink.on) this.sink.emit({ type: 'host.stub.create', stub });
    this.counters.stubsCreated++;
  }

  /** A register transfer (gpr, fp) or a small request (other) on stopped stub `stub`. */
  regs(stub: number, dir: RegisterDirection, set: RegisterSet): void {
    this.requireStopped(stub, `${dir} ${set} registers of`);
    this.traceRegs(stub, dir, set);
  }

  /** What a register move shows and costs: a ptrace request (seccomp stubs override it). */
  protected traceRegs(stub: number, dir: RegisterDirection, set: RegisterSet): void {
    if (this.sink.on) this.sink.emit({ type: 'host.stub.regs', stub, dir, set });
    if (set === 'other') this.counters.ptraceOtherRequests++;
    else this.counters.registerTransfers++;
  }

  /** Resumes stopped stub `stub`: the CPU switches to it and its address space becomes the live one. */
  resume(stub: number, how: StubResume): void {
    this.requireStopped(stub, 'resume');
    if (this.running !== undefined) throw new StubRequestError(`stub ${stub} resumed while stub ${this.running} runs`);
    this.stopped.delete(stub);
    this.running = stub;
    this.counters.hostContextSwitches++;
    this.mm.enter(stub);
    // Traced once the switch is done: what follows the event (the abstraction of refinement) sees the stub's space live.
    this.traceResume(stub, how);
  }

  /** What a resumption shows: a PTRACE_SYSEMU or PTRACE_CONT (seccomp stubs override it). */
  protected traceResume(stub: number, how: StubResume): void {
    if (this.sink.on) this.sink.emit({ type: 'host.stub.resume', stub, how });
  }

  /**
   * The running stub stops for the VMM: the CPU switches back to the VMM process. `sig` is the signal that stopped
   * it (a fault's SIGSEGV, a timer's SIGALRM; none at a syscall or at the end of a stub call).
   */
  stop(why: StubStop, sig?: HostSignal): number {
    const stub = this.running;
    if (stub === undefined) throw new StubRequestError('no stub runs');
    this.running = undefined;
    this.stopped.add(stub);
    this.counters.hostContextSwitches++;
    this.mm.enter(VMM_ADDRESS_SPACE);
    this.traceStop(stub, why, sig);
    return stub;
  }

  /** What a stop shows and costs: a ptrace stop (seccomp stubs override it). */
  protected traceStop(stub: number, why: StubStop, _sig: HostSignal | undefined): void {
    this.counters.ptraceStops++;
    if (this.sink.on) this.sink.emit({ type: 'host.stub.stop', stub, why });
  }

  /** Kills stopped stub `stub`: its address space is gone. */
  kill(stub: number): void {
    this.requireStopped(stub, 'kill');
    if (this.sink.on) this.sink.emit({ type: 'host.stub.kill', stub });
    this.stopped.delete(stub);
    if (this.scheduled === stub) this.scheduled = undefined;
    this.counters.stubsKilled++;
    this.mm.dropSpace(stub);
  }

  private requireStopped(stub: number, what: string): void {
    if (!this.stopped.has(stub)) throw new StubRequestError(`cannot ${what} stub ${stub}: it is not a stopped stub`);
  }
}
