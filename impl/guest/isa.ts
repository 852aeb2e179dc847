/**
 * The guest programs' tiny instruction set: word loads and stores, compute
 * for N cycles, a system call, and a bounded loop. Small enough for fast-check
 * to generate, rich enough to exercise every guest syscall and every region.
 */

/** Guest signals a program can send or handle. */
export type GuestSignal = 'SIGSEGV' | 'SIGUSR1' | 'SIGKILL';

/** A guest system call with its arguments. */
export type GuestCall =
  | { readonly nr: 'getpid' }
  /** Writes `count` words from `addr` to `fd` (1: the console, one byte per word; or a pipe's write end). */
  | { readonly nr: 'write'; readonly fd: number; readonly addr: number; readonly count: number }
  /** Reads up to `count` words from `fd` (0: the disk, completed by SIGIO; or a pipe's read end) into `addr`. */
  | { readonly nr: 'read'; readonly fd: number; readonly addr: number; readonly count: number }
  /** Moves the program break to `addr` (0 asks for the current break); returns the break. */
  | { readonly nr: 'brk'; readonly addr: number }
  /** Creates a child with a copy of this process's memory, running `child`; returns the child's pid. */
  | { readonly nr: 'fork'; readonly child: Program }
  | { readonly nr: 'exit'; readonly status: number }
  | { readonly nr: 'yield' }
  | { readonly nr: 'kill'; readonly pid: number; readonly sig: GuestSignal }
  /** Creates a pipe; its read and write descriptors are stored at `addr` and `addr + 4`. */
  | { readonly nr: 'pipe'; readonly addr: number }
  /** Installs `handler` for `sig` (`null` restores the default: terminate). */
  | { readonly nr: 'sigaction'; readonly sig: 'SIGSEGV' | 'SIGUSR1'; readonly handler: Program | null }
  /** Returns from a signal handler (implicit at the end of a handler). */
  | { readonly nr: 'sigreturn' }
  /** Waits for a child to exit; returns its pid (the lowest, when several have exited and not been waited for). */
  | { readonly nr: 'wait' };

/** One instruction: each takes one step of the guest's clock, `compute` N steps. */
export type Instr =
  | { readonly op: 'load'; readonly addr: number }
  | { readonly op: 'store'; readonly addr: number; readonly value: number }
  | { readonly op: 'compute'; readonly cycles: number }
  | { readonly op: 'syscall'; readonly call: GuestCall }
  /** Runs `body` `times` times (never when `times` ≤ 0); takes a step to enter or skip, and one at the end of each pass. */
  | { readonly op: 'loop'; readonly times: number; readonly body: Program };

/** A guest program: its instructions in order (it exits with status 0 after the last). */
export type Program = readonly Instr[];

/** Compiled code: loops become begin/end markers with jump targets. */
export type Op =
  | Exclude<Instr, { readonly op: 'loop' }>
  | { readonly op: 'loop-begin'; readonly times: number; readonly end: number }
  | { readonly op: 'loop-end'; readonly begin: number };

const compiled = new WeakMap<Program, readonly Op[]>();

/** A mistake a mutant makes in compiling (default none). */
export interface CompileBugs {
  /** Each loop runs its body once more than its count (an off-by-one in the loop's bound). */
  readonly loopOnceMore?: boolean;
}

/** Flattens a program into compiled code (cached per program object; a mutant's mistaken code is not cached). */
export function compile(program: Program, bugs: CompileBugs = {}): readonly Op[] {
  const extra = bugs.loopOnceMore === true ? 1 : 0;
  const cached = extra === 0 ? compiled.get(program) : undefined;
  if (cached) return cached;
  const code: Op[] = [];
  const emit = (instrs: Program): void => {
    for (const instr of instrs) {
      if (instr.op !== 'loop') {
        code.push(instr);
        continue;
      }
      const begin = code.length;
      code.push({ op: 'loop-begin', times: instr.times + extra, end: -1 });
      emit(instr.body);
      const end = code.length;
      code.push({ op: 'loop-end', begin });
      code[begin] = { op: 'loop-begin', times: instr.times + extra, end };
    }
  };
  emit(program);
  if (extra === 0) compiled.set(program, code);
  return code;
}
