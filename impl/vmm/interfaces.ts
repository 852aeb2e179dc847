/**
 * The three small interfaces a VMM variant is composed from (DESIGN.md, the
 * variant lattice): how the VMM mediates (paper §3 / §4.1), how the guest
 * kernel region is protected (§4.2), how guest address spaces are made live
 * (§4.3). Each choice is a plain object, so a mutant can wrap or replace it.
 */
import type { AddressSpaces, Mediation, Protection } from '../../spec/variant.ts';
import type { HostSyscall, Prot, Ring } from '../../spec/types.ts';
import type { HostArgs } from '../host/hostCalls.ts';
import type { VmArea } from '../guest/processImage.ts';
import type { HostKernel } from '../host/hostKernel.ts';
import type { StubProcesses } from '../host/stubProcesses.ts';
import type { TraceSink } from '../trace.ts';

/** The operations that move the guest kernel region between reachable and unreachable. */
export interface ProtectionOps {
  map(start: number, pages: number, prot: Prot): void;
  unmap(start: number, pages: number): void;
  protect(start: number, pages: number, prot: Prot): void;
  setSegmentLimit(limit: number): void;
  setRing(ring: Ring): void;
}

/** A protection choice. */
export interface ProtectionStrategy {
  readonly name: Protection;
  /**
   * `memory`: switched with mmap/munmap/mprotect; `register`: with the segment limit or ring, which only the VMM can
   * set; `none`: nothing to switch, the guest kernel lives in another host process (real skas0).
   */
  readonly means: 'memory' | 'register' | 'none';
  /** Sets the guest kernel region up before the guest kernel starts (it starts in kernel mode). */
  boot(ops: ProtectionOps): void;
  /** Makes the region reachable (entering guest kernel mode). */
  lift(ops: ProtectionOps): void;
  /** Makes it unreachable (returning to guest user mode). */
  protect(ops: ProtectionOps): void;
  /**
   * Called before each run, before anything else of it: a strategy that keeps state outside the run (module-level
   * variables, a counter) sets it back here, so that every run, and a replayed counterexample, starts the same.
   */
  reset?(): void;
}

/** How the guest kernel makes host syscalls. */
export interface GuestHostCalls {
  call(nr: HostSyscall, args: HostArgs): number;
}

/** Per-run state of an address-space choice. */
export interface AddressSpaceManager {
  /** A guest process was created by `parent` (0: by the kernel at boot); false when no address-space definition is left for it. */
  processCreated(pid: number, parent?: number): boolean;
  /** After the guest kernel announced process `pid` (guest.spawn), process 1 included. */
  processSpawned?(pid: number, parent: number): void;
  /** A guest process is gone for good. */
  processGone(pid: number): void;
  /** Makes guest process `to`'s memory live; `from`'s is live now (it may have exited). */
  switchTo(calls: GuestHostCalls, from: number, to: number): void;
  /** Which definition each live guest process owns and has had emptied for it, when the choice keeps several (for integrity checks). */
  bindings?(): ReadonlyMap<number, number>;
}

/** Run limits an address-space choice must respect. */
export interface AddressSpaceLimits {
  /** Address-space definitions it may use (the host allows 1024). */
  readonly definitions: number;
}

/** What an address-space choice may use of the machine besides host calls. */
export interface AddressSpaceHost {
  /** The VMM's stub processes, when it runs the guest kernel itself (real skas0). */
  readonly stubs?: StubProcesses;
  /** The host kernel (for the memory calls a stub makes). */
  readonly host?: HostKernel;
  /** Guest page → guest frame of live process `pid` (the guest kernel's page table for it). */
  pagesOf?(pid: number): ReadonlyMap<number, number> | undefined;
  /** The areas of live process `pid` (its VMAs), [start, end) in address order. */
  areasOf?(pid: number): readonly VmArea[] | undefined;
}

/** An address-space choice. */
export interface AddressSpaceStrategy {
  readonly name: AddressSpaces;
  /** Fresh state for one run; guest process 1 starts with the process's first definition live. */
  create(limits?: AddressSpaceLimits, machine?: AddressSpaceHost): AddressSpaceManager;
  /**
   * Called before each run, before anything else of it: a strategy that keeps state outside the run (module-level
   * variables, a counter) sets it back here, so that every run, and a replayed counterexample, starts the same.
   */
  reset?(): void;
}

/** What a mediation needs to know about the rest of the VMM. */
export interface MediationContext {
  readonly protection: ProtectionStrategy;
  /** True when the VMM lifts protection at interception (else the guest kernel's handler does it). */
  readonly entryLiftedByVmm: boolean;
  /** True when the VMM restores protection at sigreturn (else the guest kernel does it first). */
  readonly returnProtectedByVmm: boolean;
  /** The allow-list of host syscalls of the guest kernel. */
  allowed(nr: HostSyscall): boolean;
  /** The VMM's check of a listed call's arguments (default: a range lies inside one region of the guest layout). */
  argumentsOk?(args: HostArgs): boolean;
  readonly sink: TraceSink;
}

/** A mediation choice. */
export interface MediationStrategy {
  readonly name: Mediation;
  /** True when the VMM runs in the host kernel and can change memory maps there without a syscall. */
  readonly changesMemoryInKernel: boolean;
  /** Hooks the VMM into the host kernel for one run (attaches the tracer or loads the module). */
  install(host: HostKernel, context: MediationContext): void;
  /**
   * Called before each run, before anything else of it: a strategy that keeps state outside the run (module-level
   * variables, a counter) sets it back here, so that every run, and a replayed counterexample, starts the same.
   */
  reset?(): void;
}

/** The parts a VMM is composed from. */
export interface VmmParts {
  readonly mediation: MediationStrategy;
  readonly protection: ProtectionStrategy;
  readonly addressSpaces: AddressSpaceStrategy;
  /** The allow-list the VMM enforces on the guest kernel's host syscalls. */
  readonly allowList: ReadonlySet<HostSyscall>;
  /** Replaces the VMM's check of host call arguments (default: ranges inside one region of the guest layout). */
  readonly argumentsOk?: (args: HostArgs) => boolean;
}
