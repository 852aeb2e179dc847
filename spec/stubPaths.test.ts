/**
 * Real skas0's paths are accepted by the composed spec of the `skas0` preset,
 * and each of the three corruptions a recorded trace can suffer is rejected by
 * the relation it breaks, in words: a missing stop, a resume of the wrong stub,
 * a register write skipped. Skipping, repeating or swapping any step of a
 * syscall with a switch is rejected too.
 */
import { describe, expect, it } from 'vitest';
import { run, type RunResult } from './stepper.ts';
import { STUB_PATHS, stubStart, stubSwitch, stubSyscall, thenHaltStub } from './stubPaths.ts';
import { SKAS0 } from './variant.ts';
import type { SpecEvent } from './types.ts';

const init = { pid: 1, stub: 1 };

function rejection(result: RunResult) {
  if (result.ok) throw new Error('accepted');
  return { index: result.index, ...result.rejection };
}

const without = (events: readonly SpecEvent[], index: number): SpecEvent[] => events.filter((_, i) => i !== index);
const indexOf = (events: readonly SpecEvent[], from: number, match: (e: SpecEvent) => boolean): number => {
  const i = events.findIndex((e, j) => j >= from && match(e));
  if (i < 0) throw new Error('no such event');
  return i;
};

describe('the skas0 spec', () => {
  it.each(Object.keys(STUB_PATHS))('accepts the %s path, and it can end halted', (name) => {
    const events = STUB_PATHS[name]!();
    const result = run(SKAS0, events);
    if (!result.ok) throw new Error(`${name}: #${result.index} ${JSON.stringify(events[result.index])} rejected: ${result.rejection.reasons.map((r) => r.text).join('; ')}`);
    const last = events.findLast((e) => e.type === 'host.stub.resume' && e.how === 'sysemu');
    const at = name === 'execve' ? { pid: 1, stub: 2 } : init;
    expect(last).toBeDefined();
    expect(run(SKAS0, thenHaltStub(events, at)).ok).toBe(true);
  });

  const start = stubStart([init, { pid: 2, stub: 2 }], 1);
  const body = [...stubSyscall(init), ...stubSwitch(init, { pid: 2, stub: 2 }), ...stubSyscall({ pid: 2, stub: 2 })];
  const events = [...start, ...body];

  it('rejects a missing stop at the next event, saying the stub is running', () => {
    const i = indexOf(events, start.length, (e) => e.type === 'host.stub.stop');
    const r = rejection(run(SKAS0, without(events, i)));
    expect(r.index).toBe(i);
    expect(r.reasons?.map((w) => w.text).join(' ')).toMatch(/stub 1, which is running guest code/);
  });

  it('rejects a resume of the wrong stub, naming the process and its stub', () => {
    const i = indexOf(events, start.length + stubSyscall(init).length, (e) => e.type === 'host.stub.resume');
    const wrong = events.map((e, j) => (j === i && e.type === 'host.stub.resume' ? { ...e, stub: 1 } : e));
    const r = rejection(run(SKAS0, wrong));
    expect(r.index).toBe(i);
    expect(r.reasons?.map((w) => w.text).join(' ')).toMatch(/stub 1/);
  });

  it('rejects a skipped register write at the resume', () => {
    const i = indexOf(events, start.length, (e) => e.type === 'host.stub.regs' && e.dir === 'set' && e.set === 'fp');
    const r = rejection(run(SKAS0, without(events, i)));
    expect(r.index).toBe(i);
    expect(r.reasons?.map((w) => w.text).join(' ')).toMatch(/without its fp registers written/);
  });

  it('rejects every skipped, repeated or swapped step of a syscall that switches', () => {
    const from = start.length + stubSyscall(init).length;
    const to = from + stubSwitch(init, { pid: 2, stub: 2 }).length;
    const accepted: string[] = [];
    for (let i = from; i < to; i++) {
      const e = events[i]!;
      // A read, a TLS write, or one of two identical writes may go: the relations need each set written once.
      const twice = events.slice(from, to).filter((f) => JSON.stringify(f) === JSON.stringify(e)).length > 1;
      const redundant = e.type === 'host.stub.regs' && (e.dir === 'get' || e.set === 'other' || twice);
      if (!redundant && run(SKAS0, without(events, i)).ok) accepted.push(`delete #${i} ${JSON.stringify(e)}`);
      if (!redundant && run(SKAS0, [...events.slice(0, i + 1), ...events.slice(i)]).ok && e.type !== 'host.stub.regs') accepted.push(`duplicate #${i} ${e.type}`);
    }
    expect(accepted, accepted.join('\n')).toEqual([]);
  });
});
