/**
 * The VMM's allow-list of host syscalls the guest kernel may make (paper §3:
 * the VMM process restricts the guest OS's system calls): its memory tools,
 * its devices and its return path; nothing that could leave the box.
 */
import type { HostSyscall } from '../../spec/types.ts';

/** The host syscalls a guest kernel may make. */
export const GUEST_KERNEL_HOST_CALLS: ReadonlySet<HostSyscall> = new Set<HostSyscall>([
  'getpid', 'mmap', 'munmap', 'mprotect', 'sigreturn', 'switch-guest', 'read', 'write', 'kill', 'sigsuspend',
]);
