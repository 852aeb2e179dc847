/**
 * A fork/exit/wait loop, the shape of the real-UML fork workload (issue 13):
 * a process with some data and a stack (one heap page, one stack page) forks
 * a child that exits at once, and waits for it. One guest fork, one exit, one
 * wait and two process switches per iteration; the child's copy of the two
 * pages is what its address space must be given.
 */
import { HEAP_BASE, STACK_END } from '../guest/guestProcess.ts';
import type { Workload } from '../run/workload.ts';

/** `iterations` rounds of fork, child exit, wait; then exit. */
export function forkExitWait(iterations: number): Workload {
  return {
    name: `fork-exit-wait(${iterations})`,
    programs: [[
      { op: 'store', addr: HEAP_BASE, value: iterations },
      { op: 'store', addr: STACK_END - 4, value: 1 },
      {
        op: 'loop', times: iterations, body: [
          { op: 'syscall', call: { nr: 'fork', child: [{ op: 'syscall', call: { nr: 'exit', status: 0 } }] } },
          { op: 'syscall', call: { nr: 'wait' } },
        ],
      },
    ]],
  };
}
