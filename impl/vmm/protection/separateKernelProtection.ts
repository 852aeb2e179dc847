/**
 * Protection by separation (real skas0): the guest kernel runs in the VMM's own
 * host process, which maps the guest's physical memory at the guest kernel
 * region; no stub process maps anything there. Guest user code runs only in
 * stubs, so the region is out of its reach with no switching at all: nothing
 * to lift on entry, nothing to restore on return.
 */
import type { ProtectionStrategy } from '../interfaces.ts';

/** The `separate-kernel` protection choice. */
export const separateKernelProtection: ProtectionStrategy = {
  name: 'separate-kernel',
  means: 'none',
  // The VMM process maps the guest's physical memory into its own address space as it starts (ptrace-sysemu's install).
  boot: () => undefined,
  lift: () => undefined,
  protect: () => undefined,
};
