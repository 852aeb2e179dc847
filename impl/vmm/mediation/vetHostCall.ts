/**
 * The VMM's allow-list check of one host syscall of the guest kernel (paper
 * §3: the VMM "restricts the set of system calls allowed by the guest OS"),
 * shared by every mediation: trace the verdict, and mark a refused call so
 * the host kernel fails it with EPERM and no effect.
 */
import type { SyscallFrame } from '../../host/hostCalls.ts';
import type { MediationContext } from '../interfaces.ts';

/** Checks `frame` against the context's allow-list; true when the call may run. */
export function vetHostCall(context: Pick<MediationContext, 'allowed' | 'sink'>, frame: SyscallFrame): boolean {
  const { sink } = context;
  if (!context.allowed(frame.nr)) {
    if (sink.on) sink.emit({ type: 'vmm.deny', nr: frame.nr });
    frame.denied = true;
    return false;
  }
  if (sink.on) sink.emit({ type: 'vmm.allow', nr: frame.nr });
  return true;
}
