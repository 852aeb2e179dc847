/**
 * A fork/exit/wait loop, the shape of the real-UML fork workload (issue 13):
 * each iteration forks a child that exits at once, and waits for it. One
 * guest fork, one exit, one wait and two process switches per iteration.
 */
import type { Workload } from '../run/workload.ts';

/** `iterations` rounds of fork, child exit, wait; then exit. */
export function forkExitWait(iterations: number): Workload {
  return {
    name: `fork-exit-wait(${iterations})`,
    programs: [[{
      op: 'loop', times: iterations, body: [
        { op: 'syscall', call: { nr: 'fork', child: [{ op: 'syscall', call: { nr: 'exit', status: 0 } }] } },
        { op: 'syscall', call: { nr: 'wait' } },
      ],
    }]],
  };
}
