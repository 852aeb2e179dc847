/**
 * The CPU running guest user code inside the guest-machine process: it
 * interprets the current guest process's instructions, sends every load and
 * store through the MMU (segment → page → frame), lets the host fill lazily
 * mapped entries, and turns real faults into host SIGSEGV. Time advances one
 * unit per instruction (compute N: N units); timer and disk fire on it.
 */
import type { OwnershipAudit } from './ownershipAudit.ts';
import type { MutableCounters } from '../counters.ts';
import type { HostKernel } from '../host/hostKernel.ts';
import type { AccessLedger } from '../mmu/accessLedger.ts';
import type { Mmu } from '../mmu/mmu.ts';
import type { TraceSink } from '../trace.ts';
import type { GuestKernel } from './guestKernel.ts';
import type { GuestCall } from './isa.ts';
import { fetchAddress } from './processImage.ts';
import type { GuestProcess } from './guestProcess.ts';
import type { Speculation } from './cpuBugs.ts';
import { GUEST_KERNEL_BASE } from '../mmu/layout.ts';

const EXIT: GuestCall = { nr: 'exit', status: 0 };
const SIGRETURN: GuestCall = { nr: 'sigreturn' };

/** The guest user-mode interpreter. */
export class GuestCpu {
  constructor(
    private readonly host: HostKernel,
    private readonly kernel: GuestKernel,
    private readonly mmu: Mmu,
    private readonly ledger: AccessLedger,
    private readonly sink: TraceSink,
    private readonly counters: MutableCounters,
    private readonly audit: OwnershipAudit | undefined = undefined,
    /** Called after each guest instruction completes (single-step observers). */
    private readonly afterStep: (() => void) | undefined = undefined,
    /** The speculative accesses of a broken CPU (a mutant's; undefined: none). */
    private readonly speculation: Speculation | undefined = undefined,
  ) {}

  /** What a broken CPU touched speculatively around a user access at `addr` (frame `frame`). */
  private speculate(speculation: Speculation, process: GuestProcess, addr: number, frame: number, write: boolean): void {
    const next = write ? undefined : speculation.prefetched(addr);
    if (next !== undefined) this.ledger.record(0, next);
    const stale = speculation.staleFrame(addr, frame);
    if (stale !== undefined) this.audit?.check(process, addr, stale);
  }

  /** Runs until the guest halts or `maxInstructions` guest instructions have completed; false on the limit. */
  run(maxInstructions: number): boolean {
    const { host, kernel, mmu, ledger, sink, counters } = this;
    const devices = host.devices;
    const log = kernel.log;
    const frames = mmu.memory.frames;
    const afterStep = this.afterStep;
    let stepped = counters.guestInstructions;
    while (!kernel.halted) {
      if (afterStep !== undefined && counters.guestInstructions !== stepped) {
        stepped = counters.guestInstructions;
        afterStep();
      }
      if (counters.guestInstructions >= maxInstructions) return false;
      if (host.now >= devices.nextEventAt && host.pollDevices()) {
        host.deliverPendingSignals();
        continue;
      }
      if (kernel.idle) {
        host.now = Math.max(host.now, devices.nextEventAt);
        continue;
      }
      const process = kernel.current!;
      const context = process.context;
      const op = context.code[context.pc];
      const code = process.codeArea;
      if (code !== undefined) {
        // A real program's instruction is fetched through the MMU first: a code page not present faults.
        const at = fetchAddress(process.image!, code, context.pc);
        if (host.mm.translate(at, false) < 0) {
          this.fault(process.pid, at, false);
          continue;
        }
      }
      if (op === undefined) {
        this.trap(context.handler ? SIGRETURN : EXIT);
        continue;
      }
      switch (op.op) {
        case 'load':
        case 'store': {
          const write = op.op === 'store';
          const pa = host.mm.translate(op.addr, write);
          if (pa < 0) {
            this.fault(process.pid, op.addr, write);
            continue;
          }
          const words = frames[pa >>> 10]!;
          if (op.op === 'store') words[pa & 1023] = op.value;
          else log.push({ kind: 'load', pid: process.pid, addr: op.addr, value: words[pa & 1023]! });
          ledger.record(0, op.addr);
          if (this.audit !== undefined) this.audit.check(process, op.addr, pa >>> 10);
          if (this.speculation !== undefined) this.speculate(this.speculation, process, op.addr, pa >>> 10, write);
          if (sink.on) sink.emit({ type: 'guest.access', pid: process.pid, addr: op.addr, op: write ? 'write' : 'read', outcome: 'ok', mode: 'user' });
          counters.guestMemoryAccesses++;
          host.now++;
          break;
        }
        case 'compute': {
          const cycles = Math.max(1, op.cycles);
          host.now += cycles;
          counters.computeCycles += cycles;
          break;
        }
        case 'syscall':
          // A broken CPU mispredicts a trap inside a loop body as the loop's branch and runs one load of the guest kernel's entry page.
          if (this.speculation?.bugs.speculatesPastTrap === true && context.loops.length > 0) ledger.record(0, GUEST_KERNEL_BASE);
          this.trap(op.call);
          continue;
        case 'loop-begin':
          if (op.times <= 0) {
            context.pc = op.end + 1;
            host.now++;
            counters.guestInstructions++;
            continue;
          }
          context.loops.push(op.times);
          host.now++;
          break;
        case 'loop-end': {
          const top = context.loops.length - 1;
          const left = context.loops[top]! - 1;
          host.now++;
          counters.guestInstructions++;
          if (left > 0) {
            context.loops[top] = left;
            context.pc = op.begin + 1;
          } else {
            context.loops.pop();
            context.pc++;
          }
          continue;
        }
      }
      counters.guestInstructions++;
      context.pc++;
    }
    return true;
  }

  /** A guest application's syscall instruction: a host syscall the VMM will turn into an upcall. */
  private trap(call: GuestCall): void {
    const { host, kernel } = this;
    const entries = kernel.entries;
    const escapes = host.escapes.length;
    const result = host.syscall({ nr: call.nr, args: { kind: 'guest-call', call } });
    host.deliverPendingSignals();
    if (kernel.entries !== entries || kernel.halted) return;
    // No guest kernel entry: the call ran on the host, and its host result returns to the program as a CPU would return it.
    const process = kernel.current!;
    if (host.escapes.length === escapes) host.escapes.push({ nr: call.nr, origin: 'application' });
    kernel.log.push({ kind: 'syscall', pid: process.pid, nr: call.nr, result: result ?? 0 });
    process.context.pc++;
    this.counters.guestInstructions++;
    host.now++;
  }

  /** A real fault: the host raises SIGSEGV for the guest-machine process. */
  private fault(pid: number, addr: number, write: boolean): void {
    if (this.sink.on) this.sink.emit({ type: 'guest.access', pid, addr, op: write ? 'write' : 'read', outcome: 'fault', mode: 'user' });
    this.host.raiseSignal('SIGSEGV', { kind: 'fault', addr, write });
    this.host.deliverPendingSignals();
  }
}
