/**
 * UML's timer tick, which comes with time, not with the workload: the host
 * timer's SIGALRM to the tracer, which forwards it to the running stub
 * (kill SIGALRM), re-arms its one-shot timer (timer_settime) and returns
 * (rt_sigreturn); the stub then stops with SIGALRM and is resumed (after a
 * register round trip when it was running guest code). Ticks grow with the
 * run's time, so a slow host (or strace) adds more per iteration; counts
 * meant to compare with a model take them out. A reschedule a tick causes
 * is left in (it is a real switch, and the stopped stub's way back in).
 */
import { nextResume, type RawVmmOp } from './rawVmmOp.ts';

/** True for the tracer's own part of a tick. */
const tracerTickOp = (op: RawVmmOp): boolean =>
  (op.kind === 'signal' && op.sig === 'SIGALRM') || (op.kind === 'kill' && op.sig === 'SIGALRM')
  || (op.kind === 'hostcall' && (op.nr === 'timer_settime' || op.nr === 'rt_sigreturn'));

/** The timer ticks among `ops` (SIGALRMs the tracer received). */
export function countTicks(ops: Iterable<RawVmmOp>): number {
  let ticks = 0;
  for (const op of ops) if (op.kind === 'signal' && op.sig === 'SIGALRM') ticks++;
  return ticks;
}

/**
 * `ops` without the timer ticks: the tracer's tick handling, and each stub's SIGALRM stop up to and including its
 * resumption when that is the next resumption of any stub (the tick changed nothing). When another stub is resumed
 * first, the tick made the guest kernel schedule: that stop is a timer interrupt with a switch, and stays whole
 * (dropping it up to the stub's much later resumption would drop the switch back into it as well).
 */
export function withoutTimerTicks(ops: readonly RawVmmOp[]): RawVmmOp[] {
  const kept: RawVmmOp[] = [];
  const inTick = new Set<number>();
  for (const [i, op] of ops.entries()) {
    if (tracerTickOp(op)) continue;
    if (op.kind === 'stop' && op.why === 'signal' && op.sig === 'SIGALRM' && nextResume(ops, i)?.tracee === op.tracee) {
      inTick.add(op.tracee);
      continue;
    }
    if ('tracee' in op && inTick.has(op.tracee)) {
      if (op.kind === 'resume') inTick.delete(op.tracee);
      continue;
    }
    kept.push(op);
  }
  return kept;
}
