/**
 * The Linux 2.4-like host kernel, as seen by the guest-machine process (paper
 * §3): its syscalls (with ptrace stops or the VMM module's hook around them),
 * signal delivery to its handlers and sigreturn, the timer and disk, the
 * physical-memory file and the address-space definitions of `switch-guest`.
 */
import type { HostSignal, HostSyscall, Prot, Ring } from '../../spec/types.ts';
import { tally, type MutableCounters } from '../counters.ts';
import { GUEST_KERNEL_PAGES, HOST_KERNEL_BASE } from '../mmu/layout.ts';
import type { Mmu } from '../mmu/mmu.ts';
import { PageDirectory } from '../mmu/pageDirectory.ts';
import { makePte } from '../mmu/pte.ts';
import type { TraceSink } from '../trace.ts';
import { EPERM } from './errno.ts';
import { executeHostCall, GUEST_MACHINE_PID } from './executeHostCall.ts';
import type { HostCallRequest, HostSignalHandler, PendingSignal, SigInfo, SyscallFrame } from './hostCalls.ts';
import { HostDevices } from './hostDevices.ts';
import { HostMm, type HostMmBugs } from './hostMm.ts';
import { HostScheduler, type HostProcess } from './hostScheduler.ts';
import { MemoryFile } from './memoryFile.ts';
import { StubProcesses } from './stubProcesses.ts';
import { SeccompStubProcesses } from './seccompStubProcesses.ts';
import type { ModuleHook, StubTracer, Tracer, VmmHostAccess } from './vmmHooks.ts';

export { GUEST_MACHINE_PID } from './executeHostCall.ts';
/** Host kernel pages mapped (supervisor-only) at 0xc0000000 in every address space. */
export const HOST_KERNEL_DATA_PAGES = 4;
/** What the host kernel keeps in its pages (a reachable secret, for isolation checks). */
export const HOST_KERNEL_SECRET = 0x5ec2e7;

/** Host configuration of a run. */
export interface HostOptions {
  readonly timerInterval: number;
  readonly diskLatency: number;
  /** Host bugs a mutant injects (default none). */
  readonly bugs?: HostMmBugs;
  /** Varies what the host kernel keeps in its pages (noninterference runs). */
  readonly secret?: number;
}

/** A host syscall that acted outside the guest box: an application's call run on the host, or an off-list call of the guest kernel. */
export interface HostEscape {
  readonly nr: HostSyscall;
  readonly origin: 'application' | 'guest-kernel';
}

/** A host syscall of the guest kernel that the host executed, with its range when it has one. */
export interface ExecutedHostCall {
  readonly nr: HostSyscall;
  readonly start?: number;
  readonly pages?: number;
}

/** Observers of the host's state changes (the integrity monitor). */
export interface HostHooks {
  /** After a mapping or protection change, or a switch-guest, took effect. */
  afterMemoryChange(kind: 'mapping' | 'switch'): void;
}

/** The host kernel with the one guest-machine process. */
export class HostKernel {
  readonly file: MemoryFile;
  readonly mm: HostMm;
  readonly devices: HostDevices;
  readonly scheduler: HostScheduler;
  readonly guestMachine: HostProcess;
  /** Guest instructions executed so far: the clock. */
  now = 0;
  /** Bytes the guest-machine process wrote to the host console. */
  readonly console: number[] = [];
  private tracer: { readonly process: HostProcess; readonly tracer: Tracer } | undefined;
  private hook: ModuleHook | undefined;
  /** Real skas0: the VMM process runs the guest kernel and traces these stubs (undefined in the paper's variants). */
  stubTracing: { readonly stubs: StubProcesses; readonly tracer: StubTracer } | undefined;
  private handler: HostSignalHandler | undefined;
  private readonly pending: PendingSignal[] = [];
  /** True while a signal handler runs (all signals blocked until sigreturn). */
  inHandler = false;
  private readonly access: VmmHostAccess;
  /** Calls that acted outside the box (empty in a correct VMM). */
  readonly escapes: HostEscape[] = [];
  /** Host calls of the guest kernel the host executed (what the VMM let through). */
  readonly kernelCalls: ExecutedHostCall[] = [];
  hooks: HostHooks | undefined;

  constructor(readonly mmu: Mmu, readonly sink: TraceSink, readonly counters: MutableCounters, options: HostOptions) {
    this.file = new MemoryFile(mmu.memory, GUEST_KERNEL_PAGES);
    const hostTables: (Int32Array | undefined)[] = [];
    const table = new Int32Array(1024);
    for (let i = 0; i < HOST_KERNEL_DATA_PAGES; i++) {
      const frame = mmu.memory.allocate();
      mmu.memory.frames[frame]!.fill(HOST_KERNEL_SECRET ^ Math.imul(options.secret ?? 0, 0x2545_f491));
      table[i] = makePte(frame, true, false);
    }
    hostTables[HOST_KERNEL_BASE >>> 22] = table;
    this.mm = new HostMm(mmu, this.file, hostTables, counters, options.bugs);
    mmu.directory = this.mm.directory;
    this.devices = new HostDevices(options.timerInterval, options.diskLatency);
    const mm = this.mm;
    this.guestMachine = { pid: GUEST_MACHINE_PID, role: 'guest-machine', directory: () => mm.directory };
    this.scheduler = new HostScheduler(this.guestMachine, mmu, sink, counters);
    this.access = {
      sendSignal: (sig, info) => this.sendSignal(sig, info, true),
      setSegmentLimit: (limit) => this.setSegmentLimit(limit),
      setRing: (ring) => this.setRing(ring),
      memory: undefined,
    };
  }

  /** ptrace(PTRACE_ATTACH) by a new host process running `tracer`. */
  attachTracer(tracer: Tracer): void {
    const directory = new PageDirectory();
    this.tracer = { process: { pid: GUEST_MACHINE_PID + 1, role: 'vmm-process', directory: () => directory }, tracer };
  }

  /** Loads a VMM module hooked on the guest-machine process; it may use in-kernel memory operations. */
  loadModule(hook: ModuleHook): void {
    this.hook = hook;
    (this.access as { memory: VmmHostAccess['memory'] }).memory = {
      mmap: (start, pages, prot, filePage) => this.mmap(start, pages, prot, filePage),
      munmap: (start, pages) => this.munmap(start, pages),
      mprotect: (start, pages, prot) => this.mprotect(start, pages, prot),
    };
  }

  /**
   * Real skas0: the VMM becomes the process that runs the guest kernel (`enterKernel` calls it) and traces one stub
   * process per guest address space; guest code runs in the stubs from now on.
   */
  attachStubTracer(
    make: (stubs: StubProcesses, enterKernel: HostSignalHandler) => StubTracer,
    kind: 'ptrace' | 'seccomp' = 'ptrace',
  ): void {
    const stubs = kind === 'seccomp' ? new SeccompStubProcesses(this.mm, this.sink, this.counters) : new StubProcesses(this.mm, this.sink, this.counters);
    this.stubTracing = { stubs, tracer: make(stubs, (sig, info) => this.handler?.(sig, info)) };
  }

  /** Real skas0: the guest kernel is done; the VMM resumes a stub (`resume`) or waits for a signal. */
  leaveGuestKernel(resume: boolean): void {
    this.inHandler = false;
    this.stubTracing?.tracer.returnToUser(resume);
  }

  /** Real skas0: the guest kernel reads the details of the fault it handles from the stub that stopped for it. */
  readFaultInfo(): void {
    this.stubTracing?.tracer.faultInfo();
  }

  /** Installs the guest-machine process's handler for every host signal (sigaction). */
  setSignalHandler(handler: HostSignalHandler): void {
    this.handler = handler;
  }

  /** Runs `body` as if the process were inside a handler (the VMM starts the guest kernel that way). */
  enterHandlerContext(): void {
    this.inHandler = true;
  }

  // ---- effects, done inside the host kernel (by syscalls or by the module) ----

  /** Maps physical-memory-file pages into the live address space. */
  mmap(start: number, pages: number, prot: Prot, filePage: number): number {
    const result = this.mm.mmap(start, pages, prot, filePage);
    if (result === 0 && this.sink.on) this.sink.emit({ type: 'host.mm.map', asid: this.mm.liveAsid, start, pages, prot, filePage });
    this.hooks?.afterMemoryChange('mapping');
    return result;
  }

  munmap(start: number, pages: number): number {
    const result = this.mm.munmap(start, pages);
    if (result === 0 && this.sink.on) this.sink.emit({ type: 'host.mm.unmap', asid: this.mm.liveAsid, start, pages });
    this.hooks?.afterMemoryChange('mapping');
    return result;
  }

  mprotect(start: number, pages: number, prot: Prot): number {
    const result = this.mm.mprotect(start, pages, prot);
    if (result === 0 && this.sink.on) this.sink.emit({ type: 'host.mm.protect', asid: this.mm.liveAsid, start, pages, prot });
    this.hooks?.afterMemoryChange('mapping');
    return result;
  }

  /** Loads the user code/data segment descriptors with limit `limit`. */
  setSegmentLimit(limit: number): void {
    this.mmu.segmentLimit = limit;
    if (this.sink.on) this.sink.emit({ type: 'host.segment.set', limit });
  }

  /** Sets the privilege ring the guest-machine process runs at. */
  setRing(ring: Ring): void {
    this.mmu.ring = ring;
    if (this.sink.on) this.sink.emit({ type: 'host.ring.set', ring });
  }

  // ---- syscalls ----

  /** The guest-machine process enters host syscall `request`; returns its result (undefined when absorbed by the module). */
  syscall(request: HostCallRequest): number | undefined {
    if (this.stubTracing !== undefined) return this.stubSyscall(this.stubTracing, request);
    const frame: SyscallFrame = { nr: request.nr, args: request.args, denied: false, result: 0 };
    if (this.sink.on) this.sink.emit({ type: 'host.syscall.enter', nr: request.nr });
    tally(this.counters.hostSyscalls, request.nr);
    const traced = this.hook === undefined ? this.tracer : undefined;
    if (this.hook !== undefined) {
      if (this.hook.syscallEnter(frame, this.access) === 'absorb') return undefined;
    } else if (traced !== undefined) {
      this.ptraceStop('enter', () => traced.tracer.syscallEnter(frame, this.access));
    }
    if (frame.nr === 'sigreturn' && !frame.denied) {
      this.sigreturn();
      return 0;
    }
    if (frame.denied) this.counters.vmmDenials++;
    frame.result = frame.denied ? EPERM : executeHostCall(this, frame);
    if (this.sink.on) this.sink.emit({ type: 'host.syscall.exit', nr: frame.nr, result: frame.result });
    if (traced !== undefined) this.ptraceStop('exit', () => traced.tracer.syscallExit(frame, this.access));
    return frame.result;
  }

  /**
   * Real skas0: a syscall of the running stub stops it at entry and is never run (PTRACE_SYSEMU); a syscall of the
   * VMM process (the guest kernel's) is untraced: the VMM runs it in a stub or the host runs it.
   */
  private stubSyscall({ stubs, tracer }: NonNullable<HostKernel['stubTracing']>, request: HostCallRequest): number | undefined {
    if (stubs.running !== undefined) {
      const call = request.args.kind === 'guest-call' ? request.args.call : undefined;
      if (call === undefined) throw new Error(`stub ${stubs.running} made host call ${request.nr} with host arguments`);
      this.inHandler = true;
      tracer.syscallStop(stubs.stop('syscall'), call);
      return undefined;
    }
    const frame: SyscallFrame = { nr: request.nr, args: request.args, denied: false, result: 0 };
    const handled = tracer.kernelCall(frame);
    // A memory call the VMM had a stub make is the stub's (page work), not the VMM process's syscall.
    if (!handled || frame.denied) tally(this.counters.hostSyscalls, request.nr);
    if (handled) {
      if (frame.denied) this.counters.vmmDenials++;
      return frame.denied ? EPERM : frame.result;
    }
    frame.result = executeHostCall(this, frame);
    return frame.result;
  }

  /** The tracee stops at `at`; the tracer runs `inTracer` and resumes it. */
  private ptraceStop<T>(at: 'enter' | 'exit' | 'signal', inTracer: () => T): T {
    const traced = this.tracer!;
    if (this.sink.on) this.sink.emit({ type: 'host.ptrace.stop', at });
    this.counters.ptraceStops++;
    this.scheduler.switchTo(traced.process);
    const verdict = inTracer();
    if (this.sink.on) this.sink.emit({ type: 'host.ptrace.resume' });
    this.scheduler.switchTo(this.guestMachine);
    return verdict;
  }

  private sigreturn(): void {
    this.inHandler = false;
    if (this.sink.on) this.sink.emit({ type: 'host.signal.return' });
  }

  // ---- signals ----

  /** The host raises `sig` for the guest-machine process (timer, disk, fault). */
  raiseSignal(sig: HostSignal, info: SigInfo): void {
    this.sendSignal(sig, info, false);
  }

  private sendSignal(sig: HostSignal, info: SigInfo, injected: boolean): void {
    this.pending.push({ sig, info, injected });
    tally(this.counters.signals, sig);
    // Under real skas0 a fault stops the stub by itself, and a signal while no stub runs reaches the VMM process
    // itself: only the signals the VMM sends on to the running stub (kill) are sends.
    const sent = this.stubTracing === undefined || (info.kind !== 'fault' && this.stubTracing.stubs.running !== undefined);
    if (sent && this.sink.on) this.sink.emit({ type: 'host.signal.send', sig });
  }

  /** Delivers pending signals to the handler, one at a time, while none is running. */
  deliverPendingSignals(): void {
    while (!this.inHandler) {
      const next = this.pending.shift();
      if (next === undefined) return;
      if (this.stubTracing !== undefined) {
        this.deliverToStubOrVmm(this.stubTracing, next);
        continue;
      }
      const traced = this.hook === undefined ? this.tracer : undefined;
      if (this.hook !== undefined) {
        this.hook.signalDelivery(next.sig, next.info, this.access);
      } else if (traced !== undefined && !next.injected) {
        const verdict = this.ptraceStop('signal', () => traced.tracer.signalStop(next.sig, next.info, this.access));
        if (verdict === 'suppress') continue;
      }
      if (this.sink.on) this.sink.emit({ type: 'host.signal.deliver', sig: next.sig });
      this.inHandler = true;
      this.handler?.(next.sig, next.info);
    }
  }

  /** Real skas0: a signal stops the running stub for the VMM, or reaches the VMM process itself when none runs. */
  private deliverToStubOrVmm({ stubs, tracer }: NonNullable<HostKernel['stubTracing']>, signal: PendingSignal): void {
    this.inHandler = true;
    if (stubs.running === undefined) tracer.ownSignal(signal.sig, signal.info);
    else tracer.signalStop(stubs.stop('signal', signal.sig), signal.sig, signal.info);
  }

  /** Raises the timer or disk signal due now, if any; true when one was raised. */
  pollDevices(): boolean {
    const due = this.devices.takeDue(this.now);
    if (due === undefined) return false;
    this.raiseSignal(due.sig, due.info);
    return true;
  }
}
