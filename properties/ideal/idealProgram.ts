/**
 * The ideal machine's reading of the guest instruction set (issue 24),
 * written from what the ISA's types in impl/guest/isa.ts say a program means,
 * not from the emulator's compiler or CPU: a program is walked as the tree it
 * is. Where a process stands is a stack of frames, the program's own and one
 * per loop it is inside, each at an instruction of its body and, for a loop,
 * with the passes still to run (a loop of N runs its body N times; N ≤ 0
 * runs it never). The clock is the guest's: a step per instruction (compute
 * N: N steps), one to enter or skip a loop and one at the end of each pass.
 */
import type { Instr, Program } from '../../impl/guest/isa.ts';

/** A body being run: the instruction it is at and, for a loop's body, the passes left including this one. */
interface Frame {
  readonly body: Program;
  at: number;
  passesLeft: number;
}

/** Where a process stands in its code. */
export interface Position {
  readonly frames: Frame[];
  /** True in a signal handler (its end returns from the handler; a program's end exits). */
  readonly inHandler: boolean;
}

/** What the process meets next: an instruction, the end of a loop's pass, or the end of its code. */
export type Upcoming =
  | { readonly kind: 'instr'; readonly instr: Instr }
  | { readonly kind: 'pass-end' }
  | { readonly kind: 'code-end' };

/** The start of `program` (a signal handler's when `inHandler`). */
export function startOf(program: Program, inHandler: boolean): Position {
  return { frames: [{ body: program, at: 0, passesLeft: 1 }], inHandler };
}

function top(position: Position): Frame {
  return position.frames[position.frames.length - 1]!;
}

/** What `position` meets next. */
export function upcoming(position: Position): Upcoming {
  const frame = top(position);
  const instr = frame.body[frame.at];
  if (instr !== undefined) return { kind: 'instr', instr };
  return position.frames.length > 1 ? { kind: 'pass-end' } : { kind: 'code-end' };
}

/** Moves past the instruction at `position` (done, faulted or skipped). */
export function pass(position: Position): void {
  top(position).at++;
}

/** Executes the loop instruction at `position`: into its body, or past it when it runs no pass. */
export function enterLoop(position: Position, loop: Extract<Instr, { op: 'loop' }>): void {
  if (loop.times <= 0) return pass(position);
  position.frames.push({ body: loop.body, at: 0, passesLeft: loop.times });
}

/** Ends a pass of the innermost loop: back to its body's start, or out of the loop after its last pass. */
export function endPass(position: Position): void {
  const frame = top(position);
  frame.passesLeft--;
  if (frame.passesLeft > 0) {
    frame.at = 0;
    return;
  }
  position.frames.pop();
  pass(position);
}
