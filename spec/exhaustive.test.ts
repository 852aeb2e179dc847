/**
 * Exhaustive exploration: the symmetry reduction loses no state (the reduced
 * search reaches exactly the representatives of the states the unreduced one
 * reaches), a search stops at its cap and says so, and the liveness check
 * flags a state from which a pending syscall can never be answered.
 */
import { describe, expect, it } from 'vitest';
import { exhaust } from './exhaustive.ts';
import type { StateInvariant } from './explore.ts';
import { unansweredSyscalls } from './liveness.ts';
import { initial, specOf, tryStep } from './stepper.ts';
import type { SpecState } from './stepper.ts';
import { SKAS0_SECCOMP, PRESETS } from './variant.ts';

const keyOf = (s: SpecState): string => JSON.stringify([s.states, s.contexts]);

type Swap = (n: unknown) => unknown;
const swap12: Swap = (n) => (n === 1 ? 2 : n === 2 ? 1 : n);
const swap01: Swap = (n) => (n === 0 ? 1 : n === 1 ? 0 : n);
const same: Swap = (n) => n;
const sorted = (list: unknown, f: Swap): unknown[] => (list as number[]).map((n) => f(n) as number).sort((x, y) => x - y);
const pairs = (list: unknown, k: Swap, v: Swap): unknown[] => (list as [number, unknown][]).map(([a, b]) => [k(a), v(b)]).sort((x, y) => (x[0] as number) - (y[0] as number));

/**
 * A renaming written out here field by field, independently of symmetry.ts (so a field it forgets shows up as a
 * difference): pids 1 and 2 swapped when both were used, address spaces 0 and 1, stubs 1 and 2.
 */
function swapped(s: SpecState, swapPids: boolean, swapSpaces: boolean, swapStubs: boolean): SpecState {
  const cpu = s.contexts[0] as { maxPid: number };
  const pid = swapPids && cpu.maxPid === 2 ? swap12 : same;
  const asid = swapSpaces ? swap01 : same;
  const stub = swapStubs ? swap12 : same;
  const contexts = s.contexts.map((context) => {
    const c = context as Record<string, unknown>;
    if ('maxPid' in c) return { ...c, current: pid(c.current), live: sorted(c.live, pid), ended: sorted(c.ended, pid), failed: c.failed === null ? null : { ...(c.failed as object), pid: pid((c.failed as { pid: number }).pid) } };
    if ('parked' in c) {
      const pending = c.pending as { stub: number } | null;
      return { ...c, running: stub(c.running), parked: sorted(c.parked, stub), handling: sorted(c.handling, stub), seen: sorted(c.seen, stub), pending: pending === null ? null : { ...pending, stub: stub(pending.stub) }, resuming: stub(c.resuming) };
    }
    if ('stubOf' in c) return { ...c, stubOf: pairs(c.stubOf, pid, stub), waiting: pid(c.waiting), running: stub(c.running), lastStop: stub(c.lastStop), returning: pid(c.returning) };
    if ('liveAsid' in c) return { ...c, liveAsid: asid(c.liveAsid), binding: pairs(c.binding, pid, asid), pages: pairs(c.pages, asid, same), stale: sorted(c.stale, asid) };
    return context;
  });
  return { spec: s.spec, states: s.states, contexts };
}

/** The orbit of a state of skas0-seccomp, named by its least key over every renaming. */
const orbitKey = (s: SpecState): string => {
  const flags = [false, true];
  return flags.flatMap((p) => flags.flatMap((a) => flags.map((t) => keyOf(swapped(s, p, a, t))))).sort()[0]!;
};

/** An invariant that holds everywhere and records every state it is checked in. */
function recorder(into: Set<string>, key: (s: SpecState) => string): StateInvariant {
  return { name: 'record', description: 'records states', holds: (s) => (into.add(key(s)), true) };
}

describe('exhaustive exploration', () => {
  it('reaches, up to symmetry, exactly the orbits of the concrete states (skas0-seccomp, 2 processes)', () => {
    const reduced = new Set<string>();
    const images = new Set<string>();
    const bounds = { processes: 2, maxStates: 100_000 };
    const withSymmetry = exhaust(specOf(SKAS0_SECCOMP), bounds, [recorder(reduced, orbitKey)]);
    const without = exhaust(specOf(SKAS0_SECCOMP), { ...bounds, symmetry: false }, [recorder(images, orbitKey)]);
    expect(withSymmetry.exhausted && without.exhausted).toBe(true);
    expect(withSymmetry.states).toBeLessThan(without.states);
    expect([...reduced].sort()).toEqual([...images].sort());
    expect(Object.keys(withSymmetry.counts)).toEqual(Object.keys(without.counts));
  });

  it('stops at its cap and says it did not exhaust the spec', () => {
    const r = exhaust(specOf(PRESETS.umlinux), { processes: 2, maxStates: 500 }, []);
    expect(r.exhausted).toBe(false);
    expect(r.states).toBeGreaterThanOrEqual(500);
    expect(r.states).toBeLessThan(2000);
  });

  it('finds that skas0-seccomp lets a process return to user mode before its stub exists, leaving the other\'s syscall unanswerable', () => {
    const r = exhaust(specOf(SKAS0_SECCOMP), { processes: 2, maxStates: 100_000 }, []);
    expect(r.counts['unanswered syscall']).toBeGreaterThan(0);
    const first = r.problems.find((p) => p.problem.startsWith('unanswered syscall'))!;
    const types = first.path.map((e) => e.type);
    expect(types.lastIndexOf('guest.syscall')).toBeGreaterThan(-1);
    expect(types.at(-1)).toBe('guest.return');
    // A shortest path: no event on it leaves the state as it was.
    let state = initial(specOf(SKAS0_SECCOMP));
    for (const event of first.path) {
      const next = tryStep(state, event)!;
      expect(JSON.stringify([next.states, next.contexts])).not.toBe(JSON.stringify([state.states, state.contexts]));
      state = next;
    }
  });
});

describe('the liveness check', () => {
  const identity = [[1, 2]] as const;
  it('accepts a syscall that some path answers, even beside a loop that never does', () => {
    // 0 -syscall-> 1 (pending) ; 1 loops on itself, 1 -return-> 2.
    const edges = { from: [0, 1, 1], to: [1, 1, 2], perm: [0, 0, 0] };
    expect(unansweredSyscalls([[], [1], []], edges, identity, 2)).toEqual([]);
  });
  it('flags a pending syscall in a cycle no path leaves, and follows a renaming of pids along an edge', () => {
    const cycle = { from: [0, 1, 2], to: [1, 2, 1], perm: [0, 0, 0] };
    expect(unansweredSyscalls([[], [1], [1]], cycle, identity, 2)).toEqual([{ state: 1, pid: 1 }, { state: 2, pid: 1 }]);
    // The edge 1 -> 2 swaps pids: pid 1 pending in state 1 is pid 2 in state 2, which has nothing pending for pid 2.
    const swapped = { from: [0, 1], to: [1, 2], perm: [0, 1] };
    expect(unansweredSyscalls([[], [1], [1]], swapped, [[1, 2], [2, 1]], 2)).toEqual([{ state: 2, pid: 1 }]);
  });
});
