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
import type { Observations } from '../guest/observations.ts';
import { HostKernel } from '../host/hostKernel.ts';
import { AccessLedger, type LedgerEntry } from '../mmu/accessLedger.ts';
import { Mmu } from '../mmu/mmu.ts';
import { PhysicalMemory } from '../mmu/physicalMemory.ts';
import { NO_TRACE, RecordingSink } from '../trace.ts';
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
}

function variantOf(variant: Variant | string): Variant {
  if (typeof variant !== 'string') return variant;
  const resolved = resolveVariant(variant);
  if (!resolved.ok) throw new Error(resolved.error);
  return resolved.variant;
}

/** Runs `workload` under `options.variant`. Throws only on an unknown variant name or an empty workload. */
export function runWorkload(workload: Workload, options: RunOptions): RunResult {
  const variant = variantOf(options.variant);
  if (workload.programs.length === 0) throw new Error(`workload '${workload.name}' has no programs`);
  const recording = options.trace === true ? new RecordingSink() : undefined;
  const sink = recording ?? NO_TRACE;
  const counters = newCounters();
  const mmu = new Mmu(new PhysicalMemory());
  const host = new HostKernel(mmu, sink, counters, {
    timerInterval: options.timerInterval ?? 1000,
    diskLatency: options.diskLatency ?? 300,
  });
  const standard = vmmParts(variant);
  const vmm = composeVmm(options.parts ? options.parts(standard) : standard, sink);
  vmm.build(host);
  const ledger = new AccessLedger();
  const memory = new GuestMemory(mmu, host.mm, ledger, host.file, options.kernelDataPages ?? 1);
  const kernel = new GuestKernel(host, vmm, memory, sink, counters, options.seed ?? 1);
  host.setSignalHandler(kernel.onHostSignal);
  host.enterHandlerContext();
  if (sink.on) sink.emit({ type: 'vmm.start' });
  const audit = options.audit === true ? new OwnershipAudit(host.file, () => kernel.processes.values()) : undefined;
  if (audit) kernel.beforeUserRuns = (process) => audit.checkLiveTable(process, mmu.directory);
  kernel.boot(workload, { host, mmu, ledger, sink });
  const finished = new GuestCpu(host, kernel, mmu, ledger, sink, counters, audit).run(options.maxSteps ?? 5_000_000);
  if (!finished) {
    for (const p of kernel.processes.values()) if (p.alive) kernel.finalMemory[p.pid] = memory.snapshot(p);
  }
  counters.tlbFlushes = mmu.tlbFlushes;
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
  };
}
