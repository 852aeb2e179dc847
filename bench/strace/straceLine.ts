/**
 * One line of an strace log (any stamp flavour, `-T` or not, `-f` or not), recognised but not yet joined:
 * a complete call, the first half of an `<unfinished ...>` call, its
 * `<... resumed>` second half, a signal (`--- SIG… ---`) or an exit
 * (`+++ exited with N +++`). Unknown shapes are errors naming the problem.
 */
import { microseconds, splitPrefix, type LinePrefix } from './straceStamp.ts';

/** The result part of a finished call: ` = value [ERRNO] [(note)] [<duration>]`. */
export interface CallResult {
  readonly result: number | null;
  readonly errno: string | null;
  /** Seconds inside the call as µs, or null when strace printed no `<…>`. */
  readonly durationUs: number | null;
}

/** What a recognised line says after its pid and stamp. */
export type StraceBody =
  | ({ readonly kind: 'call'; readonly name: string; readonly args: string } & CallResult)
  | { readonly kind: 'unfinished'; readonly name: string; readonly args: string }
  | ({ readonly kind: 'resumed'; readonly name: string; readonly args: string } & CallResult)
  | { readonly kind: 'signal'; readonly signal: string; readonly detail: string }
  | { readonly kind: 'exited'; readonly status: number }
  | { readonly kind: 'killed'; readonly signal: string };

/** A recognised line: pid (null in logs recorded without `-f`), stamp as printed (see {@link LinePrefix}) and body. */
export type StraceLine = Pick<LinePrefix, 'pid' | 'flavour' | 'stampUs'> & StraceBody;

const RESULT = /\)\s+=\s+(-?\d+|0x[0-9a-fA-F]+|\?)(?:\s+(E[A-Z0-9_]+))?(?:\s+\(.*\))?(?:\s+<(\d+)\.(\d+)>|\s+<unavailable>)?$/;


function callResult(text: string): { ok: true; value: CallResult & { args: string } } | { ok: false } {
  const m = RESULT.exec(text);
  if (m === null) return { ok: false };
  const raw = m[1]!;
  return {
    ok: true,
    value: {
      args: text.slice(0, m.index),
      result: raw === '?' ? null : raw.startsWith('0x') ? parseInt(raw, 16) : Number(raw),
      errno: m[2] ?? null,
      durationUs: m[3] === undefined ? null : microseconds(m[3], m[4]!),
    },
  };
}

/** Recognises one non-empty log line, or says why not. */
export function parseStraceLine(line: string): { ok: true; line: StraceLine } | { ok: false; error: string } {
  const prefix = splitPrefix(line);
  const body = parseStraceBody(prefix.rest);
  if (body.ok) return { ok: true, line: { pid: prefix.pid, flavour: prefix.flavour, stampUs: prefix.stampUs, ...body.body } };
  // Neither a stamp nor a call: most likely not an strace log at all (bench/real relies on this wording).
  return prefix.flavour === 'none' && prefix.pid === null ? { ok: false, error: 'expected "[PID] SECONDS.MICROS …" (record with strace -f -ttt -T)' } : body;
}

/** Recognises what follows the pid and stamp. */
export function parseStraceBody(rest: string): { ok: true; body: StraceBody } | { ok: false; error: string } {
  let m: RegExpExecArray | null;
  if ((m = /^\+\+\+ exited with (\d+) \+\+\+$/.exec(rest)) !== null) return { ok: true, body: { kind: 'exited', status: Number(m[1]) } };
  if ((m = /^\+\+\+ killed by (SIG[A-Z0-9+-]+)(?: \(core dumped\))? \+\+\+$/.exec(rest)) !== null) return { ok: true, body: { kind: 'killed', signal: m[1]! } };
  if ((m = /^--- (SIG[A-Z0-9+-]+|stopped by SIG[A-Z0-9]+)\s*(.*?)\s*---$/.exec(rest)) !== null) {
    return { ok: true, body: { kind: 'signal', signal: m[1]!.replace(/^stopped by /, ''), detail: m[2]! } };
  }
  if ((m = /^<\.\.\. ([a-z_0-9]+) resumed>(.*)$/.exec(rest)) !== null) {
    const result = callResult(m[2]!);
    if (!result.ok) return { ok: false, error: `cannot read the result of resumed '${m[1]}'` };
    return { ok: true, body: { kind: 'resumed', name: m[1]!, ...result.value } };
  }
  if ((m = /^([a-z_0-9]+)\((.*?)\s*<unfinished \.\.\.>\)?$/.exec(rest)) !== null) return { ok: true, body: { kind: 'unfinished', name: m[1]!, args: m[2]! } };
  if ((m = /^([a-z_0-9]+)\((.*)$/.exec(rest)) !== null) {
    const result = callResult(m[2]!);
    if (!result.ok) return { ok: false, error: `cannot read the result of '${m[1]}'` };
    return { ok: true, body: { kind: 'call', name: m[1]!, ...result.value } };
  }
  return { ok: false, error: `unrecognised line '${rest.slice(0, 40)}' (expected a call, a signal or an exit, after an optional pid and time stamp)` };
}
