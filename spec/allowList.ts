/**
 * The host syscalls the VMM lets the guest kernel make (paper §3: the VMM
 * process "restricts the set of system calls allowed by the guest OS"). The
 * guest kernel needs its memory tools, its devices and its return path;
 * anything else (fork, execve, socket, ptrace, …) would let it escape the box.
 */
import type { HostSyscall } from './types.ts';

/** Host syscalls a guest kernel may make. */
export const GUEST_KERNEL_ALLOWED_SYSCALLS: ReadonlySet<HostSyscall> = new Set<HostSyscall>([
  'getpid', 'mmap', 'munmap', 'mprotect', 'sigreturn', 'switch-guest', 'read', 'write', 'kill', 'sigsuspend',
]);

/** True when the VMM must let the guest kernel's host syscall `nr` through. */
export function isAllowedForGuestKernel(nr: HostSyscall): boolean {
  return GUEST_KERNEL_ALLOWED_SYSCALLS.has(nr);
}
