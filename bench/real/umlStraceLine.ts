/**
 * One line of an `strace -ttt -T -v` log of the UML kernel process (the
 * tracer, traced without -f) read as raw VMM operations: ptrace requests on
 * stubs, wait4 results, kills, clones, signals, console markers, and the
 * tracer's other syscalls. Pure: which pids are new is the stream's business.
 */
import { intArg, splitArgs, stringArg } from '../strace/straceArgs.ts';
import { parseStraceLine } from '../strace/straceLine.ts';
import type { RawVmmOp } from './rawVmmOp.ts';

/** Console writes starting with this are guest markers. */
export const MARKER_PREFIX = 'VMSPEC-';

/** x86-64 Linux signal numbers, for resumes that pass a signal by name. */
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10,
  SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGSTKFLT: 16, SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19,
  SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28,
  SIGIO: 29, SIGPWR: 30, SIGSYS: 31,
};

const RESUMES: Readonly<Record<string, 'sysemu' | 'cont' | 'syscall' | 'other'>> = {
  PTRACE_SYSEMU: 'sysemu', PTRACE_CONT: 'cont', PTRACE_SYSCALL: 'syscall',
  PTRACE_SYSEMU_SINGLESTEP: 'other', PTRACE_SINGLESTEP: 'other', PTRACE_DETACH: 'other', PTRACE_LISTEN: 'other',
};
const SPAWNS = new Set(['clone', 'clone3', 'fork', 'vfork']);

/** What one line says: its operations (none for the tracer's own `+++ exited +++`), or why it cannot be read. */
export type UmlLineResult = { readonly ok: true; readonly ops: readonly RawVmmOp[] } | { readonly ok: false; readonly error: string };

/** A register's value as a signed 64-bit number (strace prints them unsigned, e.g. orig_rax=0xffffffffffffffff is −1). */
export function registerValue(regs: string, name: string): number | undefined {
  const m = new RegExp(`(?:^|[{,\\s])${name}=(0x[0-9a-fA-F]+|\\d+)`).exec(regs);
  return m === null ? undefined : Number(BigInt.asIntN(64, BigInt(m[1]!)));
}

/** A signal argument as its number: `0`, `SIGSEGV`, or a plain integer. */
export function signalNumber(arg: string | undefined): number {
  const plain = intArg(arg);
  if (plain !== null) return plain;
  return SIGNAL_NUMBERS[arg ?? ''] ?? -1;
}

function ptraceOps(line: number, args: readonly string[], rawArgs: string, result: number): UmlLineResult {
  const request = args[0] ?? '';
  const tracee = intArg(args[1]);
  if (tracee === null) return { ok: false, error: `${request}: expected a pid, got '${args[1] ?? ''}'` };
  if (result < 0) return { ok: true, ops: [{ kind: 'ptrace', line, tracee, request, result }] };
  const how = RESUMES[request];
  if (how !== undefined) return { ok: true, ops: [{ kind: 'resume', line, tracee, how, sig: signalNumber(args[3]) }] };
  const dir = /^PTRACE_(GET|SET)/.exec(request)?.[1] === 'GET' ? 'get' : 'set';
  const fp = request === 'PTRACE_GETFPREGS' || request === 'PTRACE_SETFPREGS' || request === 'PTRACE_GETFPXREGS' || request === 'PTRACE_SETFPXREGS'
    || ((request === 'PTRACE_GETREGSET' || request === 'PTRACE_SETREGSET') && args[2] !== 'NT_PRSTATUS');
  if (fp) return { ok: true, ops: [{ kind: 'regs', line, tracee, dir, set: 'fp' }] };
  if (request === 'PTRACE_GETREGS' || request === 'PTRACE_SETREGS' || request === 'PTRACE_GETREGSET' || request === 'PTRACE_SETREGSET') {
    const syscall = registerValue(rawArgs, 'orig_rax');
    if (syscall === undefined) return { ok: false, error: `${request} without orig_rax: record with strace -v so registers are printed in full` };
    const rax = dir === 'set' ? registerValue(rawArgs, 'rax') : undefined;
    return { ok: true, ops: [{ kind: 'regs', line, tracee, dir, set: 'gpr', syscall, ...(rax === undefined ? {} : { result: rax }) }] };
  }
  if (request === 'PTRACE_GETSIGINFO') {
    const sig = /si_signo=(SIG[A-Z0-9]+)/.exec(rawArgs)?.[1] ?? '?';
    const code = /si_code=([A-Z_0-9]+)/.exec(rawArgs)?.[1] ?? '?';
    const addr = /si_addr=(0x[0-9a-fA-F]+|NULL)/.exec(rawArgs)?.[1];
    return { ok: true, ops: [{ kind: 'siginfo', line, tracee, sig, code, ...(addr === undefined ? {} : { addr: addr === 'NULL' ? 0 : parseInt(addr, 16) }) }] };
  }
  return { ok: true, ops: [{ kind: 'ptrace', line, tracee, request, result }] };
}

function wait4Ops(line: number, args: readonly string[], result: number): readonly RawVmmOp[] {
  if (result <= 0) return [{ kind: 'hostcall', line, nr: 'wait4', result }];
  const status = args[1] ?? 'NULL';
  const stopped = /WSTOPSIG\(s\) == (SIG[A-Z0-9]+)( \| 0x80)?/.exec(status);
  if (stopped !== null) {
    return [stopped[2] !== undefined
      ? { kind: 'stop', line, tracee: result, why: 'syscall' }
      : { kind: 'stop', line, tracee: result, why: 'signal', sig: stopped[1]! }];
  }
  const killed = /WTERMSIG\(s\) == (SIG[A-Z0-9]+)/.exec(status);
  return [{ kind: 'stop', line, tracee: result, why: 'exit', ...(killed === null ? {} : { sig: killed[1]! }) }];
}

function markerText(arg: string | undefined): string {
  return stringArg(arg).replace(/(\\r)?\\n$/, '');
}

/** Reads line `line` (1-based) of the log. */
export function parseUmlLine(text: string, line: number): UmlLineResult {
  const parsed = parseStraceLine(text);
  if (!parsed.ok) return { ok: false, error: parsed.error.replace('record with strace -f -ttt -T', 'record with strace -ttt -T -v') };
  const l = parsed.line;
  if (l.kind === 'signal') return { ok: true, ops: [{ kind: 'signal', line, sig: l.signal }] };
  if (l.kind === 'exited' || l.kind === 'killed') return { ok: true, ops: [] };
  if (l.kind !== 'call') return { ok: false, error: `'${l.name}' split by strace (<unfinished ...>): record the tracer alone, without -f` };
  const result = l.result ?? -1;
  const args = splitArgs(l.args);
  const { name } = l;
  if (name === 'ptrace') return ptraceOps(line, args, l.args, result);
  if (name === 'wait4') return { ok: true, ops: wait4Ops(line, args, result) };
  if ((name === 'kill' || name === 'tkill') && result === 0 && (intArg(args[0]) ?? 0) > 0) {
    return { ok: true, ops: [{ kind: 'kill', line, tracee: intArg(args[0])!, sig: args[1] ?? '?' }] };
  }
  if (SPAWNS.has(name) && result > 0 && !l.args.includes('CLONE_VM') && !l.args.includes('CLONE_THREAD')) {
    return { ok: true, ops: [{ kind: 'spawn', line, tracee: result }] };
  }
  if (name === 'write' && (args[0] === '1' || args[0] === '2') && stringArg(args[1]).startsWith(MARKER_PREFIX)) {
    return { ok: true, ops: [{ kind: 'marker', line, text: markerText(args[1]) }] };
  }
  return { ok: true, ops: [{ kind: 'hostcall', line, nr: name, result }] };
}
