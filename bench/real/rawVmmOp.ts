/**
 * The raw operations of a real VMM's tracer process as strace recorded them:
 * the interface between recording (bench/real/) and the converter to a vmspec
 * trace. Kinds `siginfo` and `ptrace` extend the agreed list (see
 * /work/notes/CHANGES.md): UML reads the fault address with PTRACE_GETSIGINFO,
 * and sets options, arch_prctl and kills stubs with other ptrace requests.
 */

/** One operation of the UML kernel process (the tracer), as strace saw it, between the guest markers. */
export type RawVmmOp =
  /** A wait4 result for a host pid: a syscall stop (SIGTRAP|0x80), a signal stop, or its end (exit, kill, reap). */
  | { readonly kind: 'stop'; readonly line: number; readonly tracee: number; readonly why: 'syscall' | 'signal' | 'exit'; readonly sig?: string }
  /** A register transfer on a stopped tracee: general registers (GETREGS/SETREGS) or the XSAVE area (GETREGSET/SETREGSET NT_X86_XSTATE). */
  | {
      readonly kind: 'regs'; readonly line: number; readonly tracee: number; readonly dir: 'get' | 'set'; readonly set: 'gpr' | 'fp';
      readonly syscall?: number /* orig_rax, on gpr */; readonly result?: number /* rax, on set gpr */;
    }
  /** A resumption: PTRACE_SYSEMU (run to the next syscall, not executing it), PTRACE_CONT, PTRACE_SYSCALL, or another request. */
  | { readonly kind: 'resume'; readonly line: number; readonly tracee: number; readonly how: 'sysemu' | 'cont' | 'syscall' | 'other'; readonly sig: number }
  /** A stub process the tracer meets first: its own clone/fork result, or a pid first seen in a wait4 (a stub cloned by a stub). */
  | { readonly kind: 'spawn'; readonly line: number; readonly tracee: number }
  | { readonly kind: 'kill'; readonly line: number; readonly tracee: number; readonly sig: string }
  /** The tracer's own other syscalls (console writes, timers, mmap of its own memory, …). */
  | { readonly kind: 'hostcall'; readonly line: number; readonly nr: string; readonly result: number }
  /** A signal delivered to the tracer (SIGCHLD, SIGALRM, SIGIO, …). */
  | { readonly kind: 'signal'; readonly line: number; readonly sig: string }
  /** A guest marker: the tracer's console write of a line starting `VMSPEC-`. */
  | { readonly kind: 'marker'; readonly line: number; readonly text: string }
  /** PTRACE_GETSIGINFO on a stopped tracee: the signal, its code and (for faults) the address. */
  | { readonly kind: 'siginfo'; readonly line: number; readonly tracee: number; readonly sig: string; readonly code: string; readonly addr?: number }
  /** Any other ptrace request (OLDSETOPTIONS, ARCH_PRCTL, KILL, POKEUSER, …) or a failed one (result −1, e.g. a resume of a dead stub). */
  | { readonly kind: 'ptrace'; readonly line: number; readonly tracee: number; readonly request: string; readonly result: number };

/** The kinds, in the order summaries list them. */
export const RAW_VMM_OP_KINDS = ['stop', 'regs', 'resume', 'spawn', 'kill', 'hostcall', 'signal', 'marker', 'siginfo', 'ptrace'] as const;
export type RawVmmOpKind = (typeof RAW_VMM_OP_KINDS)[number];

/** A resumption. */
export type RawResume = Extract<RawVmmOp, { kind: 'resume' }>;

/** The first resumption of any stub after index `from` in `ops`, or undefined. */
export function nextResume(ops: readonly RawVmmOp[], from: number): RawResume | undefined {
  for (let i = from + 1; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.kind === 'resume') return op;
  }
  return undefined;
}
