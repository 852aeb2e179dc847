/**
 * The integrity monitor: checks the named invariants at every entry to guest
 * user mode, every entry to guest kernel mode (each host signal delivery can
 * change segments and rings), after every switch-guest and after every mapping
 * or protection change, and at the end of every guest syscall. It observes
 * only; a broken invariant is recorded, never repaired.
 */
import type { MutableCounters } from '../counters.ts';
import type { GuestKernelHooks } from '../guest/guestKernel.ts';
import type { GuestProcess } from '../guest/guestProcess.ts';
import type { GuestCall } from '../guest/isa.ts';
import type { HostHooks, HostKernel } from '../host/hostKernel.ts';
import { GUEST_KERNEL_BASE, HOST_KERNEL_BASE, PAGE_SHIFT } from '../mmu/layout.ts';
import type { AddressSpaceManager } from '../vmm/interfaces.ts';
import type { Checkpoint, InvariantName, InvariantViolation } from './invariants.ts';
import { firstForeignPage } from './ownership.ts';
import { anyReachable, firstReachablePage } from './reachability.ts';

/** How many violations to keep (the count goes on). */
const KEPT = 8;

const hex = (n: number) => `0x${n.toString(16)}`;

/** The pointer range a guest call reads or writes, when it has one: [addr, addr + 4·count). */
function pointerRange(call: GuestCall): readonly [number, number] | undefined {
  switch (call.nr) {
    case 'write':
    case 'read':
      return call.count > 0 ? [call.addr, call.addr + 4 * Math.min(call.count, 64)] : undefined;
    case 'pipe':
      return [call.addr, call.addr + 8];
    default:
      return undefined;
  }
}

/** Checks the invariants on one run's machine. */
export class IntegrityMonitor implements HostHooks, GuestKernelHooks {
  readonly violations: InvariantViolation[] = [];
  count = 0;
  /** Invariant checks made (for the cost figures). */
  checks = 0;
  private escapesSeen = 0;

  constructor(
    private readonly host: HostKernel,
    private readonly spaces: AddressSpaceManager,
    private readonly processes: ReadonlyMap<number, GuestProcess>,
    private readonly counters: MutableCounters,
  ) {}

  private fail(invariant: InvariantName, at: Checkpoint, detail: string): void {
    this.count++;
    if (this.violations.length < KEPT) this.violations.push({ invariant, at, instruction: this.counters.guestInstructions, detail });
  }

  private reachable(invariant: InvariantName, at: Checkpoint, from: number): void {
    this.checks++;
    const mmu = this.host.mmu;
    const areas = this.host.mm.liveDefinition.areas.list();
    if (!anyReachable(mmu, areas, from >>> PAGE_SHIFT, 0x100000)) return;
    const found = firstReachablePage(mmu, areas, from >>> PAGE_SHIFT);
    if (found === undefined) return;
    this.fail(invariant, at, `page ${hex(found.page * 0x1000)} reachable through the ${found.by} (ring ${mmu.ring}, segment limit ${hex(mmu.segmentLimit)})`);
  }

  private noEscapes(at: Checkpoint): void {
    const escapes = this.host.escapes;
    for (; this.escapesSeen < escapes.length; this.escapesSeen++) {
      const escape = escapes[this.escapesSeen]!;
      if (escape.origin === 'application') this.fail('no-application-syscall-on-host', at, `the application's ${escape.nr} ran on the host`);
    }
  }

  kernelEntered(): void {
    this.reachable('kernel-cannot-reach-host', 'kernel-entry', HOST_KERNEL_BASE);
    this.noEscapes('kernel-entry');
  }

  userEntered(process: GuestProcess): void {
    this.reachable('user-cannot-reach-kernel', 'user-entry', GUEST_KERNEL_BASE);
    this.checks++;
    const mmu = this.host.mmu;
    const foreign = firstForeignPage(this.host.mm.liveDefinition, process, this.host.file, { entries: mmu.tlb, tag: mmu.tlbTag });
    if (foreign !== undefined) {
      this.fail('live-space-owned', 'user-entry', `pid ${process.pid}: page ${hex(foreign.page * 0x1000)} reaches ${foreign.guestFrame === undefined ? 'a frame' : `guest frame ${foreign.guestFrame}`} it does not own, through the ${foreign.by}`);
    }
    this.noEscapes('user-entry');
  }

  afterMemoryChange(kind: 'mapping' | 'switch'): void {
    this.reachable('kernel-cannot-reach-host', kind === 'switch' ? 'switch-guest' : 'mapping-change', HOST_KERNEL_BASE);
    if (kind === 'switch') this.otherSpaces();
  }

  /** Each definition bound to a live process, other than the live one, reaches only that process's frames. */
  private otherSpaces(): void {
    const bindings = this.spaces.bindings?.();
    if (bindings === undefined) return;
    const mm = this.host.mm;
    const byAsid = new Map([...mm.allDefinitions()]);
    for (const [pid, asid] of bindings) {
      const process = this.processes.get(pid);
      const definition = byAsid.get(asid);
      if (asid === mm.liveAsid || process === undefined || !process.alive || definition === undefined) continue;
      this.checks++;
      const mmu = this.host.mmu;
      const foreign = firstForeignPage(definition, process, this.host.file, mmu.tagged ? { entries: mmu.tlb, tag: mmu.tagOf(definition.directory) } : undefined);
      if (foreign !== undefined) {
        this.fail('other-spaces-owned', 'switch-guest', `address space ${asid} of pid ${pid}: page ${hex(foreign.page * 0x1000)} reaches a frame pid ${pid} does not own, through the ${foreign.by}`);
      }
    }
  }

  syscallDone(process: GuestProcess, call: GuestCall, result: number | undefined, moved: number): void {
    const range = pointerRange(call);
    if (range === undefined || range[0] >= 0 && range[1] <= GUEST_KERNEL_BASE) return;
    this.checks++;
    if (moved > 0 || (result !== undefined && result >= 0)) {
      this.fail('bad-pointer-moves-nothing', 'syscall', `pid ${process.pid}: ${call.nr} with pointer ${hex(range[0])} returned ${result ?? '(blocked)'} and moved ${moved} word(s)`);
    }
  }

  /** End of run: escapes not yet seen at a checkpoint. */
  finish(): void {
    this.noEscapes('host-call');
  }
}
