/**
 * The UMLinux guest kernel (paper §3): it runs inside the guest-machine
 * process's host signal handlers. SIGUSR1 brings a guest syscall, SIGALRM the
 * timer, SIGIO a disk completion, SIGSEGV a fault; each entry lifts protection
 * (unless the VMM did), handles it, then picks the next guest process,
 * switches address spaces, restores protection and sigreturns to user mode.
 */
import type { HostSignal } from '../../spec/types.ts';
import { tally, type MutableCounters } from '../counters.ts';
import type { SigInfo } from '../host/hostCalls.ts';
import type { HostKernel } from '../host/hostKernel.ts';
import { GUEST_KERNEL_BASE, PAGE_SIZE } from '../mmu/layout.ts';
import type { TraceSink } from '../trace.ts';
import type { Vmm } from '../vmm/composeVmm.ts';
import type { AddressSpaceLimits, AddressSpaceManager, GuestHostCalls, ProtectionOps } from '../vmm/interfaces.ts';
import { GuestProcess, type OpenFile } from './guestProcess.ts';
import { KERNEL_DATA_FRAME, KernelOops, type GuestMemory } from './guestMemory.ts';
import { compile, type GuestCall, type GuestSignal, type Program } from './isa.ts';
import type { Observation, RunEnd } from './observations.ts';
import { SeededRandom } from './seededRandom.ts';
import { runSyscall } from './guestSyscalls.ts';
import { runKernelProbe, type ProbeMachine } from './kernelProbe.ts';
import type { Workload } from '../run/workload.ts';
import type { ProcessImage } from './processImage.ts';

const SIGNAL_NUMBERS: Readonly<Record<GuestSignal, number>> = { SIGSEGV: 11, SIGUSR1: 10, SIGKILL: 9 };

/** Guest kernel bugs a mutant injects in its syscalls (default none). */
export interface GuestSyscallBugs {
  /** fork gives the child the parent's frames instead of copies. */
  readonly forkSharesFrames?: boolean;
  /** brk frees the pages it takes back but leaves their host mapping in place. */
  readonly brkKeepsMapping?: boolean;
  /** Demand paging maps the frame of the page after the faulting one (when that page is valid too). */
  readonly demandMapsNeighbour?: boolean;
  /** The program loader compiles each loop to run its body once more than its count (isa.ts, `compile`). */
  readonly loopOnceMore?: boolean;
  /** The scheduler's tie-break among runnable processes adds a bit of a stale kernel data word (a secret, in noninterference runs). */
  readonly tieBreakReadsKernelData?: boolean;
  /** A timer tick preempts only when a per-tick accounting slot of kernel data, never initialised, has bit 1 clear. */
  readonly preemptReadsKernelData?: boolean;
  /** The scheduler's random generator is seeded, at the first pick, from a kernel data word never initialised. */
  readonly seedFromKernelData?: boolean;
}

/** Observers of the guest kernel's mode changes and syscalls (the integrity monitor). */
export interface GuestKernelHooks {
  /** The guest kernel was entered (after the VMM or the handler made its region reachable). */
  kernelEntered(): void;
  /** `process` is about to run in guest user mode. */
  userEntered(process: GuestProcess): void;
  /** Syscall `call` of `process` ended with `result` (undefined: blocked or gone), having moved `moved` words of user data. */
  syscallDone(process: GuestProcess, call: GuestCall, result: number | undefined, moved: number): void;
}

/** The guest kernel of one run. */
export class GuestKernel {
  readonly processes = new Map<number, GuestProcess>();
  /** The process running (or about to run) in guest user mode. */
  current: GuestProcess | undefined;
  /** The process whose memory is live in the host. */
  private live = 1;
  /** Called each time a guest process is about to run in user mode (the ownership audit hooks in here). */
  beforeUserRuns: ((process: GuestProcess) => void) | undefined = undefined;
  hooks: GuestKernelHooks | undefined = undefined;
  /** Guest kernel entries so far (host signal deliveries to its handler). */
  entries = 0;
  /** Entries the guest can tell apart (syscalls, interrupts, real faults), the same under every variant: demand paging is not one. */
  guestEntries = 0;
  /** Guest processes alive at once at most (fork fails with EAGAIN beyond). */
  maxProcesses = 64;
  bugs: GuestSyscallBugs = {};
  private probe: { readonly at: number; readonly run: () => void } | undefined;
  idle = false;
  halted = false;
  /** The run's limit on guest instructions (a blocked call finishing in kernel mode must not pass it). */
  stepLimit = Infinity;
  end: RunEnd = 'halted';
  preempt = false;
  nextPid = 1;
  readonly log: Observation[] = [];
  readonly console: number[] = [];
  readonly exits: Record<number, number> = {};
  readonly finalMemory: Record<number, readonly (readonly [number, number])[]> = {};
  readonly diskQueue: number[] = [];
  readonly calls: GuestHostCalls;
  private readonly ops: ProtectionOps;
  readonly spaces: AddressSpaceManager;
  rng: SeededRandom;
  private reseeded = false;
  /**
   * Every scheduling decision at an entry the guest can tell apart, in order: the pid picked to run next, 0 when none
   * was (the CPU idles or the guest halts). Recorded as data, so a reference machine can follow the same schedule
   * without a scheduler of its own. Demand paging is host-level work the guest never sees: its entries resume the
   * faulting process and are left out.
   */
  readonly schedule: number[] = [];
  private lastDemandFault = { pid: -1, addr: -1, at: -1 };

  constructor(
    readonly host: HostKernel,
    private readonly vmm: Vmm,
    readonly memory: GuestMemory,
    private readonly sink: TraceSink,
    readonly counters: MutableCounters,
    seed: number,
    limits?: AddressSpaceLimits,
  ) {
    this.rng = new SeededRandom(seed);
    this.spaces = vmm.parts.addressSpaces.create(limits, {
      host,
      ...(host.stubTracing === undefined ? {} : { stubs: host.stubTracing.stubs }),
      pagesOf: (pid) => this.processes.get(pid)?.pageTable,
      areasOf: (pid) => this.processes.get(pid)?.areas(),
    });
    this.calls = { call: (nr, args) => host.syscall({ nr, args }) ?? -1 };
    const range = (start: number, pages: number, prot: 'none' | 'r' | 'rw' | 'rw-supervisor') =>
      ({ kind: 'range', start, pages, prot, filePage: start >= GUEST_KERNEL_BASE ? (start - GUEST_KERNEL_BASE) / PAGE_SIZE : 0 }) as const;
    this.ops = {
      map: (start, pages, prot) => void this.calls.call('mmap', range(start, pages, prot)),
      unmap: (start, pages) => void this.calls.call('munmap', range(start, pages, 'none')),
      protect: (start, pages, prot) => void this.calls.call('mprotect', range(start, pages, prot)),
      setSegmentLimit: () => { throw new Error('the guest kernel cannot load segment descriptors'); },
      setRing: () => { throw new Error('the guest kernel cannot change its ring'); },
    };
  }

  /** Creates a guest process running `program`; undefined when no address space is left for it. */
  spawn(program: Program, parent: number, files: readonly (OpenFile | undefined)[], image?: ProcessImage): GuestProcess | undefined {
    const pid = this.nextPid;
    if (pid !== 1 && !this.spaces.processCreated(pid, parent)) return undefined;
    this.nextPid++;
    const process = new GuestProcess(pid, parent, { code: compile(program, this.bugs), pc: 0, loops: [], handler: false }, files, image);
    this.processes.set(pid, process);
    this.memory.processStarted(process);
    if (this.sink.on) this.sink.emit({ type: 'guest.spawn', parent, pid });
    this.spaces.processSpawned?.(pid, parent);
    return process;
  }

  /** Processes not yet exited. */
  aliveCount(): number {
    let n = 0;
    for (const p of this.processes.values()) if (p.alive) n++;
    return n;
  }

  /** Boots: the VMM has started the guest kernel in kernel mode; run the probe, start the programs, go to user mode. */
  boot(workload: Workload, probe: Omit<ProbeMachine, 'calls' | 'log'>): void {
    try {
      this.memory.touchAllKernelData();
      this.memory.touchKernelData();
      const kernelProbe = workload.kernelProbe;
      if (kernelProbe !== undefined) {
        const run = () => runKernelProbe(kernelProbe, { ...probe, calls: this.calls, log: this.log });
        if ((kernelProbe.atEntry ?? 0) === 0) run();
        else this.probe = { at: kernelProbe.atEntry ?? 0, run };
      }
      const files: OpenFile[] = [{ kind: 'disk' }, { kind: 'console' }, { kind: 'console' }];
      for (const program of workload.programs) this.spawn(program, 0, files, workload.image);
      this.returnToUser();
    } catch (error) {
      if (!(error instanceof KernelOops)) throw error;
      this.oops(error);
    }
  }

  /** The host signal handler: one guest kernel entry. */
  readonly onHostSignal = (sig: HostSignal, info: SigInfo): void => {
    try {
      this.idle = false;
      if (!this.vmm.entryLiftedByVmm) this.vmm.parts.protection.lift(this.ops);
      this.entries++;
      this.hooks?.kernelEntered();
      this.memory.touchKernelData();
      const demandFaults = this.counters.demandPagingFaults;
      this.dispatch(sig, info);
      if (this.counters.demandPagingFaults === demandFaults) this.guestEntries++;
      if (this.probe?.at === this.guestEntries && this.counters.demandPagingFaults === demandFaults) this.probe.run();
      this.returnToUser(this.counters.demandPagingFaults === demandFaults);
    } catch (error) {
      if (!(error instanceof KernelOops)) throw error;
      this.oops(error);
    }
  };

  private dispatch(sig: HostSignal, info: SigInfo): void {
    switch (info.kind) {
      case 'upcall': {
        const process = this.current!;
        if (this.sink.on) this.sink.emit({ type: 'guest.syscall', pid: process.pid, nr: info.call.nr });
        this.syscall(process, info.call);
        return;
      }
      case 'timer':
        if (this.sink.on) this.sink.emit({ type: 'guest.interrupt', irq: 'timer' });
        this.preempt = this.bugs.preemptReadsKernelData !== true || (this.kernelDataWord(1 + (this.guestEntries % 15)) & 2) === 0;
        return;
      case 'io':
        if (this.sink.on) this.sink.emit({ type: 'guest.interrupt', irq: 'io' });
        this.diskDone(info.data);
        return;
      case 'fault': {
        const process = this.current!;
        if (this.sink.on) this.sink.emit({ type: 'guest.fault', pid: process.pid, addr: info.addr, op: info.write ? 'write' : 'read' });
        this.host.readFaultInfo();
        this.fault(process, info.addr, info.write);
        return;
      }
      default:
        throw new Error(`unexpected ${sig}`);
    }
  }

  private syscall(process: GuestProcess, call: GuestCall): void {
    tally(this.counters.guestSyscalls, call.nr);
    const moved = this.memory.wordsMoved;
    const outcome = runSyscall(this, process, call);
    this.hooks?.syscallDone(process, call, outcome.kind === 'done' || outcome.kind === 'restored' ? outcome.result : undefined, this.memory.wordsMoved - moved);
    if (outcome.kind === 'blocked') {
      if (this.host.stubTracing !== undefined) process.blockedIn = { context: process.context, call };
      return;
    }
    if (outcome.kind === 'gone') {
      this.counters.guestInstructions++;
      this.host.now++;
      return;
    }
    this.counters.guestInstructions++;
    this.host.now++;
    this.log.push({ kind: 'syscall', pid: process.pid, nr: call.nr, result: outcome.result });
    if (outcome.kind === 'done') process.context.pc++;
  }

  private fault(process: GuestProcess, addr: number, write: boolean): void {
    const last = this.lastDemandFault;
    const repeated = last.pid === process.pid && last.addr === addr && last.at === this.counters.guestInstructions;
    if (addr < GUEST_KERNEL_BASE && (write ? process.writableAddress(addr) : process.validAddress(addr)) && !repeated) {
      const neighbour = this.bugs.demandMapsNeighbour === true && process.validAddress(addr + PAGE_SIZE);
      const frame = this.memory.userFrame(process, neighbour ? addr + PAGE_SIZE : addr)!;
      const start = Math.floor(addr / PAGE_SIZE) * PAGE_SIZE;
      this.calls.call('mmap', { kind: 'range', start, pages: 1, prot: process.pageProt(addr), filePage: frame });
      this.counters.demandPagingFaults++;
      this.lastDemandFault = { pid: process.pid, addr, at: this.counters.guestInstructions };
      return;
    }
    this.log.push({ kind: 'fault', pid: process.pid, addr, op: write ? 'write' : 'read' });
    this.counters.guestInstructions++;
    this.host.now++;
    process.context.pc++;
    process.pendingSignals.push('SIGSEGV');
  }

  private diskDone(data: readonly number[]): void {
    const pid = this.diskQueue.shift();
    const process = pid === undefined ? undefined : this.processes.get(pid);
    if (process === undefined || !process.alive) return;
    process.diskData = data;
    if (process.state.kind === 'blocked' && process.state.on === 'disk') process.state = { kind: 'runnable' };
  }

  /** Wakes every process blocked for `reason`; they retry their syscall. */
  wake(reason: 'pipe-read' | 'pipe-write' | 'child', only?: number): void {
    for (const p of this.processes.values()) {
      if (p.state.kind === 'blocked' && p.state.on === reason && (only === undefined || p.pid === only)) p.state = { kind: 'runnable' };
    }
  }

  /** Ends `process` with `status`: final memory, frames, files, parent. */
  terminate(process: GuestProcess, status: number): void {
    this.finalMemory[process.pid] = this.memory.snapshot(process);
    this.memory.releaseAll(process);
    process.files.forEach((file, fd) => this.closeFile(process, fd, file));
    process.state = { kind: 'zombie', status };
    if (this.sink.on) this.sink.emit({ type: 'guest.exit', pid: process.pid });
    this.exits[process.pid] = status;
    this.log.push({ kind: 'exit', pid: process.pid, status });
    this.spaces.processGone(process.pid);
    for (const child of this.processes.values()) {
      if (child.parent !== process.pid) continue;
      child.parent = 0;
      if (child.state.kind === 'zombie') this.reap(child);
    }
    const parent = this.processes.get(process.parent);
    if (parent === undefined || !parent.alive) this.reap(process);
    else this.wake('child', parent.pid);
    if (this.current === process) this.current = undefined;
  }

  /** A reaped process is gone from the process table (its exit status and final memory stay recorded). */
  reap(process: GuestProcess): void {
    process.state = { kind: 'reaped' };
    this.processes.delete(process.pid);
  }

  private closeFile(process: GuestProcess, fd: number, file: OpenFile | undefined): void {
    process.files[fd] = undefined;
    if (file?.kind === 'pipe-read') {
      file.pipe.readers--;
      this.wake('pipe-write');
    } else if (file?.kind === 'pipe-write') {
      file.pipe.writers--;
      this.wake('pipe-read');
    }
  }

  /** Acts on pending guest signals of `process` before it runs; false when one killed it. */
  private deliverGuestSignals(process: GuestProcess): boolean {
    for (let sig = process.pendingSignals.shift(); sig !== undefined; sig = process.pendingSignals.shift()) {
      const handler = sig === 'SIGKILL' ? undefined : process.handlers.get(sig);
      this.log.push({ kind: 'signal', pid: process.pid, sig, action: handler ? 'handled' : 'terminated' });
      if (handler === undefined) {
        this.terminate(process, 128 + SIGNAL_NUMBERS[sig]);
        return false;
      }
      process.savedContexts.push(process.context);
      process.context = { code: handler, pc: 0, loops: [], handler: true };
    }
    return true;
  }

  private pickNext(visible: boolean): GuestProcess | undefined {
    const next = this.choose();
    if (visible) this.schedule.push(next?.pid ?? 0);
    return next;
  }

  private choose(): GuestProcess | undefined {
    const preempt = this.preempt;
    this.preempt = false;
    const current = this.current;
    if (current !== undefined && current.state.kind === 'runnable' && !preempt) return current;
    const runnable = [...this.processes.values()].filter((p) => p.state.kind === 'runnable');
    const others = runnable.filter((p) => p !== current);
    const candidates = others.length > 0 ? others : runnable;
    if (candidates.length <= 1) return candidates[0];
    if (this.bugs.seedFromKernelData === true && !this.reseeded) {
      this.reseeded = true;
      this.rng = new SeededRandom(this.kernelDataWord(3) >>> 0);
    }
    const stale = this.bugs.tieBreakReadsKernelData === true ? (this.kernelDataWord(2) >>> 1) & 1 : 0;
    return candidates[(this.rng.below(candidates.length) + stale) % candidates.length];
  }

  /** Word `i` of the guest kernel's data page, as the kernel reads it (a mutant's uninitialised variable). */
  private kernelDataWord(i: number): number {
    return this.memory.frameWords(KERNEL_DATA_FRAME, false)[i]!;
  }

  /**
   * Real skas0: a woken process finishes the syscall it blocked in without returning to user mode first (Linux
   * sleeps inside the call; the paper's variants restart it, an upcall more). It is the entry the restart would be,
   * at the same time, so only when nothing else would come first (a device event, the step limit). False when the
   * call blocks again.
   */
  private finishBlockedCall(process: GuestProcess): boolean {
    const blocked = process.blockedIn;
    process.blockedIn = undefined;
    const nothingFirst = this.host.now < this.host.devices.nextEventAt && this.counters.guestInstructions < this.stepLimit;
    if (blocked === undefined || blocked.context !== process.context || !nothingFirst) return true;
    this.entries++;
    this.hooks?.kernelEntered();
    this.memory.touchKernelData();
    this.syscall(process, blocked.call);
    this.guestEntries++;
    if (this.probe?.at === this.guestEntries) this.probe.run();
    // The restart's entry would have returned to the process (nothing asked for a switch): the same decision, recorded.
    if (process.state.kind === 'runnable') this.schedule.push(process.pid);
    return process.state.kind === 'runnable';
  }

  /** Picks what runs next, switches to it and returns to guest user mode (or idles, or halts). */
  private returnToUser(visible = true): void {
    let next = this.pickNext(visible);
    while (next !== undefined && (!this.deliverGuestSignals(next) || !this.finishBlockedCall(next))) next = this.pickNext(visible);
    if (next === undefined) {
      if (this.aliveCount() === 0) return this.halt('halted');
      if (!this.host.devices.ioPending) return this.halt('deadlock');
    } else if (next.pid !== this.live) {
      this.spaces.switchTo(this.calls, this.live, next.pid);
      if (this.sink.on) this.sink.emit({ type: 'guest.switch', from: this.live, to: next.pid });
      this.counters.guestContextSwitches++;
      this.live = next.pid;
    }
    this.current = next;
    if (!this.vmm.returnProtectedByVmm) this.vmm.parts.protection.protect(this.ops);
    // Under real skas0 the guest kernel runs in the VMM process: it returns by resuming a stub, not by sigreturn.
    const inVmmProcess = this.host.stubTracing !== undefined;
    if (!inVmmProcess) this.calls.call('sigreturn', { kind: 'none' });
    // There the guest leaves kernel mode with the return itself; the VMM then loads and resumes the stub.
    else this.host.inHandler = false;
    if (next === undefined) {
      this.idle = true;
      if (this.sink.on) this.sink.emit({ type: 'guest.idle' });
    } else if (this.sink.on) this.sink.emit({ type: 'guest.return', pid: next.pid });
    if (inVmmProcess) this.host.leaveGuestKernel(next !== undefined);
    if (next !== undefined) {
      this.beforeUserRuns?.(next);
      this.hooks?.userEntered(next);
    }
  }

  /** Stops the guest machine. */
  halt(end: RunEnd): void {
    for (const p of this.processes.values()) if (p.alive) this.finalMemory[p.pid] = this.memory.snapshot(p);
    this.halted = true;
    this.end = end;
    if (this.sink.on) this.sink.emit({ type: 'guest.halt' });
  }

  private oops(error: KernelOops): void {
    if (this.sink.on) {
      const op = error.write ? 'write' : 'read';
      this.sink.emit({ type: 'guest.access', pid: 0, addr: error.addr, op, outcome: 'fault', mode: 'kernel' });
      this.sink.emit({ type: 'guest.fault', pid: 0, addr: error.addr, op });
    }
    this.halted = true;
    this.end = 'kernel-oops';
    if (this.sink.on) this.sink.emit({ type: 'guest.halt' });
  }
}
