/**
 * The two ways a VMM can hook into the host kernel (paper §3 and §4.1): as a
 * ptrace tracer in another host process, stopped into at syscall entry/exit
 * and signal delivery; or as a loadable module whose hook runs inside the host
 * kernel on the traced process's syscalls and signal deliveries.
 */
import type { HostSignal, Prot, Ring } from '../../spec/types.ts';
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
