/**
 * The lines of an `strace -f` log of a seccomp-stub UML run, read and joined:
 * strace splits a call that another process interrupts into `… <unfinished
 * ...>` and `<... NAME resumed> …`; the converter places a call's event at its
 * first line, so the first line here carries the call's arguments and, read
 * ahead from its resumed line, its result. A line that is not strace's is a
 * one-line error naming it.
 */
import { splitArgs } from '../strace/straceArgs.ts';
import { parseStraceLine } from '../strace/straceLine.ts';

/** A converter error: its message is one line, `SOURCE:LINE: what`. */
export class SeccompLogError extends Error {
  override readonly name = 'SeccompLogError';
}

/** One log line of one host process: a call's first line, a resumed second half, a signal, or an exit. */
export interface SeccompLine {
  /** 1-based line number in the log. */
  readonly line: number;
  readonly pid: number;
  /** `call`: a call's first line (whole, or `<unfinished ...>`); `resumed`: its second half. */
  readonly kind: 'call' | 'resumed' | 'signal' | 'exit';
  /** The call's or the signal's name. */
  readonly name: string;
  /** The call's arguments (a resumed line repeats its first line's), or a signal's detail. */
  readonly args: string;
  /** The call's result (null while unknown: `= ?`, or a call never resumed in the log). */
  result: number | null;
  /** A call's first line whose result is on a later, resumed line. */
  readonly split: boolean;
}

function failAt(source: string, line: number, why: string): never {
  throw new SeccompLogError(`${source}:${line}: ${why}`);
}

/** Reads every non-empty line; throws a {@link SeccompLogError} at the first that is not an `strace -f -ttt` line. */
export function seccompLines(text: readonly string[], source: string): SeccompLine[] {
  const out: SeccompLine[] = [];
  const unfinished = new Map<number, SeccompLine>();
  for (const [i, raw] of text.entries()) {
    if (raw.trim() === '') continue;
    const parsed = parseStraceLine(raw);
    if (!parsed.ok) failAt(source, i + 1, parsed.error);
    const l = parsed.line;
    if (l.pid === null) failAt(source, i + 1, 'no pid at the start of the line (record with strace -f)');
    const base = { line: i + 1, pid: l.pid, split: false };
    if (l.kind === 'signal') out.push({ ...base, kind: 'signal', name: l.signal, args: l.detail, result: null });
    else if (l.kind === 'exited' || l.kind === 'killed') out.push({ ...base, kind: 'exit', name: l.kind, args: '', result: null });
    else if (l.kind === 'call') out.push({ ...base, kind: 'call', name: l.name, args: l.args, result: l.result });
    else if (l.kind === 'unfinished') {
      const first: SeccompLine = { ...base, kind: 'call', name: l.name, args: l.args, result: null, split: true };
      unfinished.set(base.pid, first);
      out.push(first);
    } else {
      const first = unfinished.get(base.pid);
      if (first === undefined || first.name !== l.name) failAt(source, i + 1, `'${l.name}' resumed, but process ${base.pid} has no unfinished ${l.name}`);
      unfinished.delete(base.pid);
      first.result = l.result;
      out.push({ ...base, kind: 'resumed', name: l.name, args: first.args, result: l.result });
    }
  }
  return out;
}

/**
 * The futex operation of a `futex(ADDR, OP, …)` call, or null. `_PRIVATE` operations are kept apart: a stub's futex
 * is shared between two processes, so a private one (the kernel's own threads) is never a stub hand-off.
 */
export function futexOp(l: SeccompLine): { addr: string; op: string } | null {
  if (l.name !== 'futex' || l.kind === 'signal' || l.kind === 'exit') return null;
  const [addr, op] = splitArgs(l.args);
  return addr === undefined || op === undefined ? null : { addr, op };
}

/** True for a call's first line named `name`. */
export const isCall = (l: SeccompLine, name: string): boolean => l.kind === 'call' && l.name === name;
