/**
 * The ways a VMM can hook into the host kernel (paper §3 and §4.1): as a
 * ptrace tracer in another host process, stopped into at syscall entry/exit
 * and signal delivery; as a loadable module whose hook runs inside the host
 * kernel on the traced process's syscalls and signal deliveries; or, as real
 * skas0 does, as the process that runs the guest kernel and traces a stub
 * process per guest address space.
 */
import type { HostSignal, Prot, Ring } from '../../spec/types.ts';
import type { GuestCall } from '../guest/isa.ts';
import type { SigInfo, SyscallFrame } from './hostCalls.ts';

/** What the VMM may do to the guest-machine process from wherever it runs. */
export interface VmmHostAccess {
  /** Makes `sig` pending (the tracer injects it when resuming; the module sends it). */
  sendSignal(sig: HostSignal, info: SigInfo): void;
  setSegmentLimit(limit: number): void;
  setRing(ring: Ring): void;
  /** In-kernel memory operations on the live address space; only a module can use them. */
  readonly memory: InKernelMemory | undefined;
}

/** Memory operations done inside the host kernel, without a syscall. */
export interface InKernelMemory {
  mmap(start: number, pages: number, prot: Prot, filePage: number): number;
  munmap(start: number, pages: number): number;
  mprotect(start: number, pages: number, prot: Prot): number;
}

/** A ptrace tracer (the VMM process). Each callback runs in the tracer, after a host context switch. */
export interface Tracer {
  syscallEnter(frame: SyscallFrame, host: VmmHostAccess): void;
  syscallExit(frame: SyscallFrame, host: VmmHostAccess): void;
  /** A host-raised signal stopped the tracee: forward it to the handler, or suppress it. */
  signalStop(sig: HostSignal, info: SigInfo, host: VmmHostAccess): 'forward' | 'suppress';
}

/** A loadable module's hook on the guest-machine process, run inside the host kernel. */
export interface ModuleHook {
  /** `absorb` ends the syscall at entry (no exit, no return value). */
  syscallEnter(frame: SyscallFrame, host: VmmHostAccess): 'continue' | 'absorb';
  /** Runs before a pending signal's handler is entered. */
  signalDelivery(sig: HostSignal, info: SigInfo, host: VmmHostAccess): void;
}

/**
 * A VMM that runs the guest kernel in its own process and traces one stub process per guest address space under
 * PTRACE_SYSEMU (real skas0). Each callback runs in the VMM process; the stub named is stopped.
 */
export interface StubTracer {
  /** Stub `stub` stopped at a syscall the host did not run (SYSEMU); `call` is what its registers hold. */
  syscallStop(stub: number, call: GuestCall): void;
  /** Stub `stub` stopped for a host signal: a fault of its guest code, or one the VMM sent it. */
  signalStop(stub: number, sig: HostSignal, info: SigInfo): void;
  /** The guest kernel reads the details of the fault it handles (real skas0: the stub's own handler records them). */
  faultInfo(): void;
  /** A signal reached the VMM process while no stub ran (the guest idles). */
  ownSignal(sig: HostSignal, info: SigInfo): void;
  /** A host call of the guest kernel (the VMM process's own syscall): true when the VMM carried it out (in a stub) or refused it (`denied`). */
  kernelCall(frame: SyscallFrame): boolean;
  /** The guest kernel returns to guest user mode (`resume`), or idles until a signal comes (not `resume`). */
  returnToUser(resume: boolean): void;
}
