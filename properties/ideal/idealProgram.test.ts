/**
 * The ideal machine's reading of the instruction set, walked by hand: a loop
 * of N runs its body N times (never for N ≤ 0), loops nest, and each walk
 * meets the instructions in the order the program's text gives them.
 */
import { describe, expect, it } from 'vitest';
import type { Instr, Program } from '../../impl/guest/isa.ts';
import { endPass, enterLoop, pass, startOf, upcoming } from './idealProgram.ts';

/** The stores a walk of `program` meets, by value, and the steps it takes (one per instruction, loop entry and pass end). */
function walk(program: Program): { readonly values: number[]; readonly steps: number } {
  const position = startOf(program, false);
  const values: number[] = [];
  let steps = 0;
  for (let next = upcoming(position); next.kind !== 'code-end'; next = upcoming(position)) {
    steps++;
    if (next.kind === 'pass-end') endPass(position);
    else if (next.instr.op === 'loop') enterLoop(position, next.instr);
    else {
      if (next.instr.op === 'store') values.push(next.instr.value);
      pass(position);
    }
  }
  return { values, steps };
}

const store = (value: number): Instr => ({ op: 'store', addr: 0x0804_8000, value });
const loop = (times: number, body: Program): Instr => ({ op: 'loop', times, body });

describe('the ideal machine walks a program as written', () => {
  it('runs a loop body exactly its count of times', () => {
    for (const times of [1, 2, 5]) expect(walk([loop(times, [store(7)])]).values).toEqual(Array.from({ length: times }, () => 7));
  });

  it('never runs the body of a loop whose count is 0 or negative, and takes one step to skip it', () => {
    expect(walk([loop(0, [store(7)]), store(1)])).toEqual({ values: [1], steps: 2 });
    expect(walk([loop(-3, [store(7)])])).toEqual({ values: [], steps: 1 });
  });

  it('counts a step to enter a loop and one at the end of each pass', () => {
    expect(walk([loop(3, [store(1), store(2)])]).steps).toBe(1 + 3 * (2 + 1));
    expect(walk([loop(2, [])]).steps).toBe(3);
  });

  it('nests loops and resumes after them', () => {
    expect(walk([store(0), loop(2, [store(1), loop(2, [store(2)]), store(3)]), store(4)]).values).toEqual([0, 1, 2, 2, 3, 1, 2, 2, 3, 4]);
  });

  it('tells the end of a handler from the end of a program', () => {
    expect(startOf([], true).inHandler).toBe(true);
    expect(upcoming(startOf([], false))).toEqual({ kind: 'code-end' });
  });
});
