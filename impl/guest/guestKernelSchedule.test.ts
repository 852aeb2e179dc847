/**
 * The guest kernel records each scheduling decision as data (RunResult.schedule)
 * for the ideal machine to follow: the pid it returns to, 0 for none; entries
 * the guest cannot see (demand paging) are left out; under real skas0 a
 * blocked call finished in kernel mode counts as the decision its restart made.
 */
import { describe, expect, it } from 'vitest';
import type { Program } from './isa.ts';
import { runWorkload } from '../run/runWorkload.ts';

const returns = (trace: readonly { readonly type: string }[]): number[] =>
  trace.flatMap((e) => (e.type === 'guest.return' && 'pid' in e && typeof e.pid === 'number' ? [e.pid] : []));

describe("the guest kernel's recorded schedule", () => {
  const yielder: Program = [{ op: 'syscall', call: { nr: 'yield' } }, { op: 'syscall', call: { nr: 'yield' } }];

  it('names the process of every return to user mode, in order, then 0 when nothing is left', () => {
    const run = runWorkload({ name: 'yields', programs: [yielder, yielder] }, { variant: 'umlinux', trace: true, seed: 3 });
    expect(run.schedule.at(-1)).toBe(0);
    expect(run.schedule.filter((pid) => pid !== 0)).toEqual(returns(run.trace));
    expect(new Set(run.schedule)).toEqual(new Set([0, 1, 2]));
  });

  it('leaves out the entries of demand paging (remap maps the heap lazily: one fault, no decision)', () => {
    const toucher: Program = [{ op: 'store', addr: 0x0804_8000, value: 1 }];
    const run = runWorkload({ name: 'touch', programs: [toucher] }, { variant: 'umlinux' });
    expect(run.counters.demandPagingFaults).toBeGreaterThan(0);
    expect(run.schedule).toEqual([1, 0]);
  });

  it('is the same under real skas0, where a woken wait finishes in kernel mode', () => {
    const parent: Program = [{ op: 'syscall', call: { nr: 'fork', child: [{ op: 'compute', cycles: 10 }] } }, { op: 'syscall', call: { nr: 'wait' } }];
    const schedules = ['umlinux', 'skas0'].map((variant) => runWorkload({ name: 'wait', programs: [parent] }, { variant, seed: 1 }).schedule);
    expect(schedules[1]).toEqual(schedules[0]);
  });
});
