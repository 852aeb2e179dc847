/**
 * The guest kernel-mode probe (issue 4, done-when): accesses made by the
 * guest kernel itself through the MMU as it stands in guest kernel mode, and
 * host calls it attempts through the VMM. Each access is traced and observed.
 */
import type { HostKernel } from '../host/hostKernel.ts';
import type { AccessLedger } from '../mmu/accessLedger.ts';
import type { Mmu } from '../mmu/mmu.ts';
import type { KernelProbe } from '../run/workload.ts';
import type { TraceSink } from '../trace.ts';
import type { GuestHostCalls } from '../vmm/interfaces.ts';
import type { Observation } from './observations.ts';

/** What the probe needs. */
export interface ProbeMachine {
  readonly host: HostKernel;
  readonly mmu: Mmu;
  readonly ledger: AccessLedger;
  readonly sink: TraceSink;
  readonly calls: GuestHostCalls;
  readonly log: Observation[];
}

/** Runs `probe` in guest kernel mode. */
export function runKernelProbe(probe: KernelProbe, machine: ProbeMachine): void {
  const { host, mmu, ledger, sink, calls, log } = machine;
  for (const { addr, op } of probe.accesses ?? []) {
    const write = op === 'write';
    const pa = host.mm.translate(addr, write);
    if (pa < 0) {
      if (sink.on) {
        sink.emit({ type: 'guest.access', pid: 0, addr, op, outcome: 'fault', mode: 'kernel' });
        sink.emit({ type: 'guest.fault', pid: 0, addr, op });
      }
      log.push({ kind: 'kernel-access', addr, op, outcome: 'fault', value: 0 });
      continue;
    }
    const words = mmu.memory.frames[pa >>> 10]!;
    if (write) words[pa & 1023] = 0x6b6b6b6b;
    ledger.record(1, addr);
    if (sink.on) sink.emit({ type: 'guest.access', pid: 0, addr, op, outcome: 'ok', mode: 'kernel' });
    log.push({ kind: 'kernel-access', addr, op, outcome: 'ok', value: words[pa & 1023]! });
  }
  for (const call of probe.hostCalls ?? []) {
    if (typeof call === 'string') {
      log.push({ kind: 'kernel-host-call', nr: call, result: calls.call(call, { kind: 'none' }) });
      continue;
    }
    const { nr, start, pages } = call;
    log.push({ kind: 'kernel-host-call', nr, result: calls.call(nr, { kind: 'range', start, pages, prot: 'rw', filePage: 0 }) });
  }
}
