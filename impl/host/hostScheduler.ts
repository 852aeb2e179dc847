/**
 * The host scheduler, reduced to what mediation costs: which host process has
 * the CPU. Every switch between the guest-machine process and the VMM process
 * is a host context switch: counted, traced, and a CR3 load (TLB flush).
 */
import type { HostRole } from '../../spec/types.ts';
import type { MutableCounters } from '../counters.ts';
import type { Mmu } from '../mmu/mmu.ts';
import type { PageDirectory } from '../mmu/pageDirectory.ts';
import type { TraceSink } from '../trace.ts';

/** A host process, as the scheduler sees it. */
export interface HostProcess {
  readonly pid: number;
  readonly role: HostRole;
  /** Its live page directory. */
  directory(): PageDirectory;
}

/** Which host process runs. */
export class HostScheduler {
  constructor(
    public current: HostProcess,
    private readonly mmu: Mmu,
    private readonly sink: TraceSink,
    private readonly counters: MutableCounters,
  ) {}

  /** Gives the CPU to `next`. */
  switchTo(next: HostProcess): void {
    if (next === this.current) return;
    if (this.sink.on) this.sink.emit({ type: 'host.ctxswitch', from: this.current.role, to: next.role });
    this.counters.hostContextSwitches++;
    this.current = next;
    this.mmu.loadDirectory(next.directory());
  }
}
