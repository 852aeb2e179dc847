/**
 * One run of a guest workload on the emulator under one VMM variant: builds
 * the host, composes the VMM, boots the guest kernel and runs the CPU until
 * the guest halts or the step limit. Returns the guest-visible observations,
 * the cost counters, the access ledger and (when asked) the trace.
 */
import type { SpecEvent } from '../../spec/types.ts';
import type { Variant } from '../../spec/variant.ts';
import { newCounters, type Counters } from '../counters.ts';
import { GuestCpu } from '../guest/cpu.ts';
import { GuestKernel } from '../guest/guestKernel.ts';
import { GuestMemory } from '../guest/guestMemory.ts';
import { OwnershipAudit, type CrossProcessAccess } from '../guest/ownershipAudit.ts';
import type { Observation, Observations } from '../guest/observations.ts';
import { HEAP_BASE, HEAP_LIMIT, STACK_BASE, STACK_END } from '../guest/guestProcess.ts';
import { imageProblem } from '../guest/processImage.ts';
import { HostKernel, type ExecutedHostCall, type HostEscape } from '../host/hostKernel.ts';
import { abstractState, type AbstractState } from '../integrity/abstractState.ts';
import { IntegrityMonitor } from '../integrity/integrityMonitor.ts';
import type { InvariantChecks, InvariantViolation } from '../integrity/invariants.ts';
import type { InjectedBugs } from './injectedBugs.ts';
import { AccessLedger, type LedgerEntry } from '../mmu/accessLedger.ts';
import { Mmu } from '../mmu/mmu.ts';
import { PhysicalMemory } from '../mmu/physicalMemory.ts';
import { NO_TRACE, RecordingSink } from '../trace.ts';
import { sinkWithTraceBugs } from '../traceBugs.ts';
import { Speculation } from '../guest/cpuBugs.ts';
import { composeVmm, vmmParts } from '../vmm/composeVmm.ts';
import type { VmmParts } from '../vmm/interfaces.ts';
import { resolveVariant } from '../vmm/variants.ts';
import type { Workload } from './workload.ts';

/** How to run. */
export interface RunOptions {
  /** A variant, its name (`ptrace-process/mprotect/remap`) or a preset (`umlinux`, …). */
  readonly variant: Variant | string;
  /** Seeds the guest scheduler (default 1). */
  readonly seed?: number;
  /** Record the trace (default false: tracing costs nothing). */
  readonly trace?: boolean;
  /** Stop after this many guest instructions (default 5 000 000). */
  readonly maxSteps?: number;
  /** Guest instructions between timer interrupts (default 1000). */
  readonly timerInterval?: number;
  /** Guest instructions a disk read takes (default 300). */
  readonly diskLatency?: number;
  /**
   * Pages of guest kernel data, all touched at boot (default 1). Their entries are present in the host page
   * table, so every mprotect of the guest kernel region walks them: the cost grows with the kernel's size.
   */
  readonly kernelDataPages?: number;
  /** Check every successful user access against the current process's own page table (default false). */
  readonly audit?: boolean;
  /** Replace the variant's parts (mutants wrap or swap one strategy). */
  readonly parts?: (standard: VmmParts) => VmmParts;
  /** Check the integrity invariants at every checkpoint (default 'off'). */
  readonly invariants?: InvariantChecks;
  /** Bugs a mutant injects into the host or the guest kernel (default none). */
  readonly bugs?: InjectedBugs;
  /** When set, kernel data, host kernel data, freed frames and each process's secret window hold contents derived from it. */
  readonly secret?: number;
  /**
   * Address-space definitions multi-as may use, and so the guest kernel's limit on live processes (the same under
   * every variant, so that observations agree); default 64. A small limit forces reuse.
   */
  readonly addressSpaces?: number;
  /** Tag TLB entries by directory instead of flushing on every CR3 load (default false). */
  readonly taggedTlb?: boolean;
  /** Called after each guest instruction with what the guest can see so far (single-step noninterference). */
  readonly afterStep?: (view: GuestView) => void;
  /** Called after each traced event with the abstraction of the machine's state (undefined before the guest kernel exists); needs `trace`. */
  readonly afterEvent?: (event: SpecEvent, state: AbstractState | undefined) => void;
}

/** What the guest can see of a run in progress. */
export interface GuestView {
  readonly log: readonly Observation[];
  readonly console: readonly number[];
  /** The non-zero words of each live guest process's memory, by pid (read directly, not through the MMU). */
  memory(): Readonly<Record<number, readonly (readonly [number, number])[]>>;
}

/** What a run produced. */
export interface RunResult {
  readonly variant: Variant;
  readonly observations: Observations;
  readonly counters: Counters;
  /** Successful accesses by guest mode and region. */
  readonly accesses: readonly LedgerEntry[];
  /** The trace, empty unless `trace` was set. */
  readonly trace: readonly SpecEvent[];
  /** User accesses that reached a frame their process does not own (empty unless `audit` was set), and how many. */
  readonly crossProcess: { readonly count: number; readonly first: readonly CrossProcessAccess[] };
  /** Broken integrity invariants (empty unless `invariants` was set), how many, and how many checks ran. */
  readonly integrity: { readonly count: number; readonly first: readonly InvariantViolation[]; readonly checks: number };
  /** Host calls that acted outside the guest box. */
  readonly escapes: readonly HostEscape[];
  /** Host calls of the guest kernel that the host executed. */
  readonly kernelCalls: readonly ExecutedHostCall[];
  /** The guest scheduler's decisions in order: the pid it picked each time, 0 for none (the ideal machine follows them). */
  readonly schedule: readonly number[];
}

function variantOf(variant: Variant | string): Variant {
  if (typeof variant !== 'string') return variant;
  const resolved = resolveVariant(variant);
  if (!resolved.ok) throw new Error(resolved.error);
  return resolved.variant;
}

/** Runs `workload` under `options.variant`. Throws only on an unknown variant name, an empty workload or an image that does not fit. */
export function runWorkload(workload: Workload, options: RunOptions): RunResult {
  const variant = variantOf(options.variant);
  if (workload.programs.length === 0) throw new Error(`workload '${workload.name}' has no programs`);
  const misfit = workload.image === undefined ? undefined : imageProblem(workload.image, [[HEAP_BASE, HEAP_LIMIT], [STACK_BASE, STACK_END]]);
  if (misfit !== undefined) throw new Error(`workload '${workload.name}': its image does not fit the guest: ${misfit}`);
  const recording = options.trace === true ? new RecordingSink() : undefined;
  let abstraction: AbstractState | undefined;
  const afterEvent = options.afterEvent;
  if (recording !== undefined && afterEvent !== undefined) recording.afterEmit = (event) => afterEvent(event, abstraction);
  const sink = recording === undefined ? NO_TRACE : options.bugs?.trace ? sinkWithTraceBugs(recording, options.bugs.trace) : recording;
  const counters = newCounters();
  const mmu = new Mmu(new PhysicalMemory());
  mmu.tagged = options.taggedTlb === true;
  const host = new HostKernel(mmu, sink, counters, {
    timerInterval: options.timerInterval ?? 1000,
    diskLatency: options.diskLatency ?? 300,
    ...(options.bugs?.host ? { bugs: options.bugs.host } : {}),
    ...(options.secret === undefined ? {} : { secret: options.secret }),
  });
  const standard = vmmParts(variant);
  const vmm = composeVmm(options.parts ? options.parts(standard) : standard, sink);
  vmm.build(host);
  const ledger = new AccessLedger();
  const memory = new GuestMemory(mmu, host.mm, ledger, host.file, options.kernelDataPages ?? 1, options.bugs?.memory, options.secret);
  const addressSpaces = options.addressSpaces ?? 64;
  const kernel = new GuestKernel(host, vmm, memory, sink, counters, options.seed ?? 1, { definitions: addressSpaces });
  kernel.maxProcesses = addressSpaces;
  kernel.stepLimit = options.maxSteps ?? 5_000_000;
  if (options.bugs?.syscalls) kernel.bugs = options.bugs.syscalls;
  const monitor = options.invariants === 'all' ? new IntegrityMonitor(host, kernel.spaces, kernel.processes, counters) : undefined;
  if (monitor) {
    host.hooks = monitor;
    kernel.hooks = monitor;
  }
  abstraction = abstractState(host, kernel);
  host.setSignalHandler(kernel.onHostSignal);
  host.enterHandlerContext();
  if (sink.on) sink.emit({ type: 'vmm.start' });
  const audit = options.audit === true ? new OwnershipAudit(host.file, () => kernel.processes.values()) : undefined;
  if (audit) kernel.beforeUserRuns = (process) => audit.checkLiveTable(process, mmu.directory);
  monitor?.kernelEntered();
  kernel.boot(workload, { host, mmu, ledger, sink });
  const onStep = options.afterStep;
  const view: GuestView = {
    log: kernel.log,
    console: kernel.console,
    memory: () => Object.fromEntries([...kernel.processes.values()].filter((p) => p.alive).map((p) => [p.pid, memory.snapshot(p)])),
  };
  const afterStep = onStep === undefined ? undefined : () => onStep(view);
  const finished = new GuestCpu(host, kernel, mmu, ledger, sink, counters, audit, afterStep, options.bugs?.cpu ? new Speculation(options.bugs.cpu) : undefined).run(kernel.stepLimit);
  if (!finished) {
    for (const p of kernel.processes.values()) if (p.alive) kernel.finalMemory[p.pid] = memory.snapshot(p);
  }
  counters.tlbFlushes = mmu.tlbFlushes;
  monitor?.finish();
  return {
    variant,
    observations: {
      log: kernel.log,
      console: kernel.console,
      exits: kernel.exits,
      finalMemory: kernel.finalMemory,
      end: finished ? kernel.end : 'step-limit',
    },
    counters,
    accesses: ledger.entries(),
    trace: recording?.events ?? [],
    crossProcess: { count: audit?.count ?? 0, first: audit?.violations ?? [] },
    integrity: { count: monitor?.count ?? 0, first: monitor?.violations ?? [], checks: monitor?.checks ?? 0 },
    escapes: host.escapes,
    kernelCalls: host.kernelCalls,
    schedule: kernel.schedule,
  };
}
