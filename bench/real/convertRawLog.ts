/**
 * A raw UML tracer log recorded anywhere (by `vmspec real record`, or by hand
 * with `strace -o LOG -ttt -T -v -s 256 linux.uml …`), plain or gzipped, into
 * a vmspec trace. What the log itself says is read from it, not asked: the
 * kernel version (UML's boot banner, written to its console), the stub mode
 * (a `strace -f` log, whose lines begin with a pid, or `seccomp=on` on the
 * kernel's command line, is a seccomp-stub run), the workload and the guest
 * pid (the BEGIN marker). A log it cannot read is one line naming the place.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { collectOps, parseUmlStraceLines, RawLogError } from './parseUmlStraceLog.ts';
import type { RawVmmOp } from './rawVmmOp.ts';
import { SeccompLogError } from './seccompLines.ts';
import { seccompTrace } from './seccompTrace.ts';
import type { StubMode } from './stubMode.ts';
import { pidOfMarker, umlTrace, type UmlTrace } from './umlTrace.ts';
import { errorCode } from '../../traces/index.ts';

/** What a log says about the run it recorded. */
export interface RawLogInfo {
  /** UML's version from its boot banner (`Linux version 7.2.7 …`), or null when the log starts after it. */
  readonly kernel: string | null;
  readonly mode: StubMode;
  /** The BEGIN marker's text, e.g. `VMSPEC-BEGIN fork 4 pid=734`. */
  readonly begin: string;
}

/** A converted log. */
export interface ConvertedLog {
  readonly info: RawLogInfo;
  /** The tracer's operations (none for a seccomp-stub run: there is no tracer, its lines are converted directly). */
  readonly ops: readonly RawVmmOp[];
  readonly trace: UmlTrace;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The log's lines; gzip is recognised by its magic bytes, whatever the name. */
export async function readLogLines(path: string): Promise<Outcome<string[]>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, reason: `${path}: cannot read (${code})` };
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      return { ok: false, reason: `${path}: not a whole gzip file (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  if (bytes.includes(0)) return { ok: false, reason: `${path}:1: not a text log (it holds NUL bytes)` };
  return { ok: true, value: bytes.toString('utf8').split('\n') };
}

/** `strace -f` prefixes every line with the pid that made the call. */
const PID_PREFIXED = /^\d+ +\d+\.\d+ /;

/** The kernel version and stub mode, read from the log's own lines. */
export function logInfo(lines: readonly string[]): Omit<RawLogInfo, 'begin'> {
  const banner = lines.find((l) => l.includes('Linux version '));
  const kernel = banner === undefined ? null : /Linux version (\S+)/.exec(banner)?.[1] ?? null;
  const first = lines.find((l) => l.trim() !== '') ?? '';
  const seccomp = PID_PREFIXED.test(first) || /"seccomp=on"/.test(first);
  return { kernel, mode: seccomp ? 'seccomp' : 'ptrace' };
}

/** A seccomp-stub run's `strace -f` log, both sides, into a trace of the `skas0-seccomp` variant. */
function convertSeccompLog(path: string, lines: readonly string[], kernel: string | null): Outcome<ConvertedLog> {
  try {
    const trace = seccompTrace(lines, { source: path, kernel });
    return { ok: true, value: { info: { kernel, mode: 'seccomp', begin: trace.begin }, ops: [], trace } };
  } catch (error) {
    if (error instanceof SeccompLogError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Converts the log at `path`: a ptrace-stub run through the tracer's operations, a seccomp-stub run line by line. */
export async function convertRawLog(path: string): Promise<Outcome<ConvertedLog>> {
  const lines = await readLogLines(path);
  return lines.ok ? convertRawLines(path, lines.value) : lines;
}

/** Converts the lines of a log already read (`path` names it in errors). */
export async function convertRawLines(path: string, lines: readonly string[]): Promise<Outcome<ConvertedLog>> {
  const { kernel, mode } = logInfo(lines);
  if (mode === 'seccomp') return convertSeccompLog(path, lines, kernel);
  let ops: RawVmmOp[];
  try {
    ops = await collectOps(parseUmlStraceLines(lines, { source: path }));
  } catch (error) {
    if (error instanceof RawLogError) return { ok: false, reason: error.message };
    throw error;
  }
  const begin = ops.find((op): op is Extract<RawVmmOp, { kind: 'marker' }> => op.kind === 'marker');
  if (begin === undefined) return { ok: false, reason: `${path}: no guest markers in the log` };
  const pid = pidOfMarker(begin.text);
  if (pid === undefined) return { ok: false, reason: `${path}:${begin.line}: the BEGIN marker names no pid ('${begin.text}')` };
  const workload = begin.text.replace(/^VMSPEC-BEGIN\s+/, '').replace(/\s*\bpid=\d+\b/, '').trim() || 'unknown';
  try {
    const trace = umlTrace(ops, { workload, pid, kernel, mode });
    return { ok: true, value: { info: { kernel, mode, begin: begin.text }, ops, trace } };
  } catch (error) {
    return { ok: false, reason: `${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
