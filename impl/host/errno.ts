/**
 * Linux error numbers the emulated host and guest kernels return (negated,
 * as the kernel's syscall return convention has it).
 */

/** Operation not permitted (the VMM refused the host syscall). */
export const EPERM = -1;
/** No such process. */
export const ESRCH = -3;
/** Bad file descriptor. */
export const EBADF = -9;
/** No child processes. */
export const ECHILD = -10;
/** Try again (process table full). */
export const EAGAIN = -11;
/** Bad address. */
export const EFAULT = -14;
/** Invalid argument. */
export const EINVAL = -22;
/** Too many open files. */
export const EMFILE = -24;
/** Broken pipe (no reader left). */
export const EPIPE = -32;
