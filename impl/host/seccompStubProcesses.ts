/**
 * Stub processes in UML 7's seccomp mode (`seccomp=on`): the same host
 * processes, one per guest address space, but not ptraced. A stub's seccomp
 * filter traps its guest code's syscalls (SIGSYS), and its own signal handler
 * (for SIGSYS, a fault's SIGSEGV, a timer's SIGALRM) hands the entry to the
 * VMM process with a futex wake and waits; the VMM wakes it to do work (its
 * memory maps, a clone) or to return into guest code (`rt_sigreturn`). The
 * registers are in the page the two share: no ptrace register transfer.
 * The filter lets the stub's own calls through by instruction pointer (from
 * the stub's code page); the emulator's guest code cannot jump there (its
 * instruction set has no jump), so every guest syscall here is trapped.
 */
import type { HostSignal, RegisterDirection, RegisterSet, StubResume, StubSignal, StubStop } from '../../spec/types.ts';
import { StubProcesses } from './stubProcesses.ts';

export class SeccompStubProcesses extends StubProcesses {
  /** Stubs the VMM woke to do work for it (a stub call), not to return into guest code. */
  private readonly working = new Set<number>();

  /** The registers are in the shared page: reading or writing them is no host operation. */
  protected override traceRegs(_stub: number, _dir: RegisterDirection, _set: RegisterSet): void {}

  /** One futex hand-off: the waker's FUTEX_WAKE and the sleeper's FUTEX_WAIT returning. */
  private handOff(): void {
    this.counters.hostSyscalls.futex = (this.counters.hostSyscalls.futex ?? 0) + 2;
  }

  /** The VMM wakes the stub's handler: to work for it, or to return into guest code. */
  protected override traceResume(stub: number, how: StubResume): void {
    this.handOff();
    if (how === 'cont') this.working.add(stub);
    if (!this.sink.on) return;
    this.sink.emit({ type: 'host.stub.wake', stub, to: 'stub' });
    if (how === 'sysemu') this.sink.emit({ type: 'host.stub.sigreturn', stub });
  }

  /** The stub's handler wakes the VMM: its work is done, or it took an entry (the filter's SIGSYS, a fault, a timer). */
  protected override traceStop(stub: number, why: StubStop, sig: HostSignal | undefined): void {
    this.handOff();
    if (this.working.delete(stub)) {
      if (this.sink.on) this.sink.emit({ type: 'host.stub.wake', stub, to: 'kernel' });
      return;
    }
    const taken: StubSignal = why === 'syscall' ? 'SIGSYS' : sig === 'SIGSEGV' || sig === 'SIGIO' ? sig : 'SIGALRM';
    this.counters.signals[taken] = (this.counters.signals[taken] ?? 0) + 1;
    if (!this.sink.on) return;
    this.sink.emit({ type: 'host.stub.signal', stub, sig: taken });
    this.sink.emit({ type: 'host.stub.wake', stub, to: 'kernel' });
  }
}
