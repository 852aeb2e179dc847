/**
 * Bugs the mutant catalog injects below the VMM's strategies: in the host
 * kernel's memory paths and in the guest kernel. (Mistakes of the VMM itself
 * are made by wrapping its parts instead.) A correct run injects none.
 */
import type { GuestSyscallBugs } from '../guest/guestKernel.ts';
import type { GuestMemoryBugs } from '../guest/guestMemory.ts';
import type { HostMmBugs } from '../host/hostMm.ts';
import type { CpuBugs } from '../guest/cpuBugs.ts';
import type { TraceBugs } from '../traceBugs.ts';

/** The injected bugs of one run, by where they live. */
export interface InjectedBugs {
  readonly host?: HostMmBugs;
  readonly memory?: GuestMemoryBugs;
  readonly syscalls?: GuestSyscallBugs;
  readonly cpu?: CpuBugs;
  readonly trace?: TraceBugs;
}
