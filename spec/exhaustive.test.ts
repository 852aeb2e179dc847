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
import { permuted } from './symmetry.ts';
import type { SpecState } from './stepper.ts';
import { SKAS0_SECCOMP, PRESETS } from './variant.ts';

const keyOf = (s: SpecState): string => JSON.stringify([s.states, s.contexts]);

/** The orbit of a state (2 pids, 2 address spaces, 2 stubs), named by its least key over every renaming. */
const orbitKey = (s: SpecState): string => {
  const swaps = [[1, 2], [2, 1]] as const;
  const keys = swaps.flatMap((pid) => swaps.flatMap((stub) => swaps.map((asid) => keyOf(permuted(s, { processes: 2 }, { pid, stub, asid: asid.map((a) => a - 1) })))));
  return keys.sort()[0]!;
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
