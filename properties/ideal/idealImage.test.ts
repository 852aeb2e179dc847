/**
 * The ideal machine knows a program image's areas: a load anywhere in them
 * works, a store works only in a writable one (a read-only one faults), a
 * kernel copy into a read-only one fails with EFAULT, and a child runs its
 * parent's image. The emulator agrees on a static program that forks.
 */
import { describe, expect, it } from 'vitest';
import { resolveVariant, STATIC_PROGRAM_IMAGE, staticForker, type Program } from '../../impl/index.ts';
import { equivalence, referenceObservations } from '../equivalence.ts';
import { variantSubject } from '../subject.ts';
import { runScenario } from '../scenarioRuns.ts';
import { allVariants } from '../../spec/index.ts';

const TEXT = 0x40_1000;
const DATA = 0x4a_4010;
const scenario = (programs: readonly Program[]) => ({ workload: { name: 'image', programs, image: STATIC_PROGRAM_IMAGE }, seed: 1, timerInterval: 1000 });

describe('the ideal machine with a program image', () => {
  it('loads from every area, stores only into writable ones, and fails a kernel copy into a read-only one', () => {
    const probe = scenario([[
      { op: 'syscall', call: { nr: 'sigaction', sig: 'SIGSEGV', handler: [{ op: 'compute', cycles: 1 }] } },
      { op: 'load', addr: TEXT },
      { op: 'store', addr: DATA, value: 5 },
      { op: 'store', addr: TEXT, value: 5 },
      { op: 'syscall', call: { nr: 'pipe', addr: TEXT } },
      { op: 'syscall', call: { nr: 'fork', child: [{ op: 'load', addr: DATA }] } },
    ]]);
    // The ideal machine follows the schedule the emulator recorded: take it from a run under umlinux.
    const outcome = runScenario(variantSubject(allVariants()[0]!), probe);
    if (!outcome.ok) return expect.fail(outcome.error);
    const ideal = referenceObservations(probe, outcome.result.schedule);
    expect(ideal.scheduleProblem).toBeUndefined();
    const { log } = ideal.observations;
    expect(log.filter((o) => o.kind === 'load')).toEqual([
      { kind: 'load', pid: 1, addr: TEXT, value: 0 }, { kind: 'load', pid: 2, addr: DATA, value: 5 },
    ]);
    expect(log.filter((o) => o.kind === 'fault')).toEqual([{ kind: 'fault', pid: 1, addr: TEXT, op: 'write' }]);
    expect(log).toContainEqual(expect.objectContaining({ kind: 'syscall', pid: 1, nr: 'pipe', result: -14 }));
  });

  it('gives the observations the emulator gives, under umlinux and real skas0', () => {
    const skas0 = resolveVariant('skas0');
    if (!skas0.ok) throw new Error(skas0.error);
    const forker = { workload: staticForker(2), seed: 1, timerInterval: 200 };
    for (const variant of [resolveVariant('umlinux'), skas0]) {
      if (!variant.ok) throw new Error(variant.error);
      expect(() => equivalence.judge!(variantSubject(variant.variant), forker)).not.toThrow();
    }
  });
});
