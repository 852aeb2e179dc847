/**
 * The paper's null-syscall microbenchmark (§5): one guest process calling
 * getpid in a loop, the path of figures 3 and 5 and nothing else.
 */
import type { Workload } from '../run/workload.ts';

/** `iterations` getpid calls, then exit. */
export function nullSyscallLoop(iterations: number): Workload {
  return {
    name: `null-syscall-loop(${iterations})`,
    programs: [[{ op: 'loop', times: iterations, body: [{ op: 'syscall', call: { nr: 'getpid' } }] }]],
  };
}
