/**
 * Records a real UML run: builds (or reuses) a root, boots the workload under
 * strace, and parses the tracer's log between the guest's markers into raw
 * VMM operations. The log stays on disk (`logPath`) for the converter to
 * stream again; the caller removes it.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootUml, type Boot } from './bootUml.ts';
import { detectUmlHost, type HostOptions } from './detectUmlHost.ts';
import { readLogLines } from './convertRawLog.ts';
import { markerWriteIndex } from './seccompLog.ts';
import { collectOps, parseUmlStraceLog, RawLogError } from './parseUmlStraceLog.ts';
import type { RawVmmOp } from './rawVmmOp.ts';
import type { StubMode } from './stubMode.ts';
import type { UmlKernel } from './umlKernel.ts';
import { buildRoot, type GuestRoot, type UmlWorkload } from './rootBuilder.ts';

/** How to record. */
export interface RecordOptions {
  readonly iterations: number;
  /** Where the strace log goes (default: a new file in the temp directory). */
  readonly logPath?: string;
  /** A root to reuse (several boots, one compile); default: one built and removed here. */
  readonly root?: GuestRoot;
  readonly host?: HostOptions;
  readonly timeoutMs?: number;
  /** The stub mode (default ptrace); seccomp records the stubs too (`strace -f`). */
  readonly mode?: StubMode;
}

/** A guest marker and the log line of the tracer's console write that carried it. */
export interface Marker {
  readonly line: number;
  readonly text: string;
}

/** A recorded run. */
export interface UmlRecording {
  readonly logPath: string;
  /** The operations from the BEGIN marker to the END marker, both included (none for a seccomp-stub run: no tracer). */
  readonly ops: readonly RawVmmOp[];
  readonly markers: { readonly begin: Marker; readonly end: Marker };
  readonly boot: Boot;
  /** The kernel that ran, and in which stub mode. */
  readonly kernel: UmlKernel;
  readonly mode: StubMode;
}

/** Why there is no recording, and at which stage: the host (programs, root), the boot (UML could not run the workload), or the log. */
export interface RecordFailure {
  readonly ok: false;
  readonly stage: 'host' | 'boot' | 'log';
  readonly reason: string;
}

let sequence = 0;
const defaultLogPath = (workload: UmlWorkload, n: number): string =>
  join(tmpdir(), `vmspec-uml-${workload}-${n}-${process.pid}-${Date.now()}-${sequence++}.strace`);

/** Records `workload`; the recording, or why there is none (host unable, boot failed, log unreadable). */
export async function recordUml(workload: UmlWorkload, options: RecordOptions): Promise<{ ok: true; recording: UmlRecording } | RecordFailure> {
  const mode = options.mode ?? 'ptrace';
  const host = await detectUmlHost({ ...options.host, strace: true, mode });
  if (!host.ok) return { ok: false, stage: 'host', reason: host.reason };
  const built = options.root === undefined ? await buildRoot(options.host) : { ok: true as const, root: options.root };
  if (!built.ok) return { ok: false, stage: 'host', reason: built.reason };
  try {
    const logPath = options.logPath ?? defaultLogPath(workload, options.iterations);
    const booted = await bootUml(built.root, {
      uml: host.uml, workload, iterations: options.iterations, straceLog: logPath, ...(host.kernel.modes.length > 1 ? { mode } : {}), ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    if (!booted.ok) return { ok: false, stage: 'boot', reason: booted.reason };
    if (mode === 'seccomp') return await seccompRecording(logPath, booted.boot, host.kernel);
    let ops: RawVmmOp[];
    try {
      ops = await collectOps(parseUmlStraceLog(logPath));
    } catch (error) {
      if (error instanceof RawLogError) return { ok: false, stage: 'log', reason: error.message };
      throw error;
    }
    const markers = ops.filter((op): op is Extract<RawVmmOp, { kind: 'marker' }> => op.kind === 'marker');
    const begin = markers[0];
    const end = markers.at(-1);
    if (begin === undefined || end === undefined) return { ok: false, stage: 'log', reason: `${logPath}: no guest markers in the log` };
    return { ok: true, recording: { logPath, ops, markers: { begin: { line: begin.line, text: begin.text }, end: { line: end.line, text: end.text } }, boot: booted.boot, kernel: host.kernel, mode } };
  } finally {
    if (options.root === undefined) await built.root.remove();
  }
}

/** A seccomp-stub run: its `strace -f` log is not read as the tracer's operations (there is no tracer); only its markers are found. */
async function seccompRecording(logPath: string, boot: Boot, kernel: UmlKernel): Promise<{ ok: true; recording: UmlRecording } | RecordFailure> {
  const lines = await readLogLines(logPath);
  if (!lines.ok) return { ok: false, stage: 'log', reason: lines.reason };
  const marker = (prefix: string): Marker | undefined => {
    const at = markerWriteIndex(lines.value, prefix);
    return at < 0 ? undefined : { line: at + 1, text: /"(VMSPEC-[^"\\]*)/.exec(lines.value[at]!)?.[1] ?? prefix };
  };
  const begin = marker('VMSPEC-BEGIN');
  const end = marker('VMSPEC-END');
  if (begin === undefined || end === undefined) return { ok: false, stage: 'log', reason: `${logPath}: no guest markers in the log` };
  return { ok: true, recording: { logPath, ops: [], markers: { begin, end }, boot, kernel, mode: 'seccomp' } };
}
