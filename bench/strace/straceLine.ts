/**
 * One line of an `strace -f -ttt -T` log, recognised but not yet joined:
 * a complete call, the first half of an `<unfinished ...>` call, its
 * `<... resumed>` second half, a signal (`--- SIG… ---`) or an exit
 * (`+++ exited with N +++`). Unknown shapes are errors naming the problem.
 */

/** The result part of a finished call: ` = value [ERRNO] [(note)] [<duration>]`. */
export interface CallResult {
  readonly result: number | null;
  readonly errno: string | null;
  /** Seconds inside the call as µs, or null when strace printed no `<…>`. */
  readonly durationUs: number | null;
}

/** A recognised line (the pid is null in logs recorded without `-f`). */
export type StraceLine = { readonly pid: number | null; readonly atUs: number } & (
  | ({ readonly kind: 'call'; readonly name: string; readonly args: string } & CallResult)
  | { readonly kind: 'unfinished'; readonly name: string; readonly args: string }
  | ({ readonly kind: 'resumed'; readonly name: string; readonly args: string } & CallResult)
  | { readonly kind: 'signal'; readonly signal: string; readonly detail: string }
  | { readonly kind: 'exited'; readonly status: number }
  | { readonly kind: 'killed'; readonly signal: string }
);

const PREFIX = /^(?:(\d+)\s+)?(\d+)\.(\d{1,9})\s+(.*)$/;
const RESULT = /\)\s+=\s+(-?\d+|0x[0-9a-fA-F]+|\?)(?:\s+(E[A-Z0-9_]+))?(?:\s+\(.*\))?(?:\s+<(\d+)\.(\d+)>|\s+<unavailable>)?$/;

/** Whole microseconds from a `seconds.fraction` split, without float rounding. */
export function microseconds(seconds: string, fraction: string): number {
  return Number(seconds) * 1_000_000 + Number(fraction.slice(0, 6).padEnd(6, '0'));
}

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
  const prefix = PREFIX.exec(line);
  if (prefix === null) return { ok: false, error: 'expected "[PID] SECONDS.MICROS …" (record with strace -f -ttt -T)' };
  const pid = prefix[1] === undefined ? null : Number(prefix[1]);
  const at = { pid, atUs: microseconds(prefix[2]!, prefix[3]!) };
  const rest = prefix[4]!;
  let m: RegExpExecArray | null;
  if ((m = /^\+\+\+ exited with (\d+) \+\+\+$/.exec(rest)) !== null) return { ok: true, line: { ...at, kind: 'exited', status: Number(m[1]) } };
  if ((m = /^\+\+\+ killed by (SIG[A-Z0-9+-]+)(?: \(core dumped\))? \+\+\+$/.exec(rest)) !== null) return { ok: true, line: { ...at, kind: 'killed', signal: m[1]! } };
  if ((m = /^--- (SIG[A-Z0-9+-]+|stopped by SIG[A-Z0-9]+)\s*(.*?)\s*---$/.exec(rest)) !== null) {
    return { ok: true, line: { ...at, kind: 'signal', signal: m[1]!.replace(/^stopped by /, ''), detail: m[2]! } };
  }
  if ((m = /^<\.\.\. ([a-z_0-9]+) resumed>(.*)$/.exec(rest)) !== null) {
    const result = callResult(m[2]!);
    if (!result.ok) return { ok: false, error: `cannot read the result of resumed '${m[1]}'` };
    return { ok: true, line: { ...at, kind: 'resumed', name: m[1]!, ...result.value } };
  }
  if ((m = /^([a-z_0-9]+)\((.*?)\s*<unfinished \.\.\.>$/.exec(rest)) !== null) return { ok: true, line: { ...at, kind: 'unfinished', name: m[1]!, args: m[2]! } };
  if ((m = /^([a-z_0-9]+)\((.*)$/.exec(rest)) !== null) {
    const result = callResult(m[2]!);
    if (!result.ok) return { ok: false, error: `cannot read the result of '${m[1]}'` };
    return { ok: true, line: { ...at, kind: 'call', name: m[1]!, ...result.value } };
  }
  return { ok: false, error: `unrecognised line '${rest.slice(0, 40)}'` };
}
