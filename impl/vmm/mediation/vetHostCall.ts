/**
 * The VMM's check of one host syscall of the guest kernel (paper §3: the VMM
 * "restricts the set of system calls allowed by the guest OS"), shared by
 * every mediation: the call must be on the allow-list, and a range it names
 * must lie inside one region of the guest layout (the host kernel knows no
 * guest layout, so this check is the VMM's alone). Traces the verdict and
 * marks a refused call so the host kernel fails it with EPERM and no effect.
 */
import type { HostArgs, SyscallFrame } from '../../host/hostCalls.ts';
import { GUEST_KERNEL_BASE, HOST_KERNEL_BASE, PAGE_SIZE } from '../../mmu/layout.ts';
import type { MediationContext } from '../interfaces.ts';

/** True when a range argument lies wholly in the guest user region or wholly in the guest kernel region. */
export function rangeInOneGuestRegion(args: HostArgs): boolean {
  if (args.kind !== 'range') return true;
  const { start, pages } = args;
  if (!Number.isInteger(start) || !Number.isInteger(pages) || pages <= 0 || start < 0 || start % PAGE_SIZE !== 0) return false;
  const end = start + pages * PAGE_SIZE;
  return end <= GUEST_KERNEL_BASE || (start >= GUEST_KERNEL_BASE && end <= HOST_KERNEL_BASE);
}

/** Checks `frame` against the context's allow-list and the guest layout; true when the call may run. */
export function vetHostCall(context: Pick<MediationContext, 'allowed' | 'argumentsOk' | 'sink'>, frame: SyscallFrame): boolean {
  const { sink } = context;
  const argumentsOk = context.argumentsOk?.(frame.args) ?? rangeInOneGuestRegion(frame.args);
  if (!context.allowed(frame.nr) || !argumentsOk) {
    if (sink.on) sink.emit({ type: 'vmm.deny', nr: frame.nr });
    frame.denied = true;
    return false;
  }
  if (sink.on) sink.emit({ type: 'vmm.allow', nr: frame.nr });
  return true;
}
