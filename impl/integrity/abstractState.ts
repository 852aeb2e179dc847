/**
 * The abstraction function of the refinement mapping (issue 12): what the
 * emulator's concrete state says about the spec's state, read from the
 * machine itself (the guest kernel's process table and mode, the host's live
 * address space, the CPU's segment limit, ring, TLB, page tables and host
 * areas), never from the trace. The refinement property compares it with the
 * spec's state after every traced event.
 */
import type { GuestKernel } from '../guest/guestKernel.ts';
import type { HostKernel } from '../host/hostKernel.ts';
import { GUEST_KERNEL_BASE, HOST_KERNEL_BASE, PAGE_SHIFT } from '../mmu/layout.ts';
import { anyReachable } from './reachability.ts';

/** The emulator's state, abstracted to the spec's vocabulary. */
export interface AbstractState {
  /** Where the guest is: halted, idle, in its kernel (a host signal handler runs) or in user mode. */
  readonly mode: 'halted' | 'idle' | 'kernel' | 'user';
  /** The guest process that runs (or is about to) in user mode. */
  readonly current: number | undefined;
  /** Guest processes not yet exited, in pid order. */
  live(): readonly number[];
  /** The live address-space definition. */
  readonly liveAsid: number;
  /** True when some page of the guest kernel region is reachable at the CPU's current ring and segment limit. */
  kernelRegionReachable(): boolean;
}

/** The abstraction of the machine made of `host` and `kernel`, read afresh at each use. */
export function abstractState(host: HostKernel, kernel: GuestKernel): AbstractState {
  return new MachineAbstraction(host, kernel);
}

class MachineAbstraction implements AbstractState {
  constructor(private readonly host: HostKernel, private readonly kernel: GuestKernel) {}

  get mode(): AbstractState['mode'] {
    return this.kernel.halted ? 'halted' : this.host.inHandler ? 'kernel' : this.kernel.idle ? 'idle' : 'user';
  }

  get current(): number | undefined {
    return this.kernel.current?.pid;
  }

  get liveAsid(): number {
    return this.host.mm.liveAsid;
  }

  live(): readonly number[] {
    return [...this.kernel.processes.values()].filter((p) => p.alive).map((p) => p.pid).sort((a, b) => a - b);
  }

  kernelRegionReachable(): boolean {
    return anyReachable(this.host.mmu, this.host.mm.liveDefinition.areas.list(), GUEST_KERNEL_BASE >>> PAGE_SHIFT, HOST_KERNEL_BASE >>> PAGE_SHIFT);
  }
}
