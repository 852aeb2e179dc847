/**
 * Streams an strace log of the UML tracer into raw VMM operations, line by
 * line (logs of long runs are large): adds a `spawn` the first time a stub pid
 * is met (stubs cloned by a stub are invisible to the tracer's strace until
 * its first wait4), and optionally keeps only the window between the guest's
 * `VMSPEC-BEGIN` and `VMSPEC-END` markers. A bad line stops the stream with
 * a `RawLogError` naming file and line.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RawVmmOp } from './rawVmmOp.ts';
import { parseUmlLine } from './umlStraceLine.ts';
import { errorCode } from '../../traces/index.ts';

/** A malformed or incomplete log: the message is one line, `FILE:LINE: what`. */
export class RawLogError extends Error {
  override readonly name = 'RawLogError';
}

/** How to read a log. */
export interface ParseOptions {
  /** Only the operations from the `VMSPEC-BEGIN` marker to the `VMSPEC-END` marker (both included); default true. */
  readonly cut?: boolean;
  /** The name errors give the log (default: its path). */
  readonly source?: string;
}

const BEGIN = 'VMSPEC-BEGIN';
const END = 'VMSPEC-END';

const traceeOf = (op: RawVmmOp): number | undefined =>
  op.kind === 'stop' || op.kind === 'regs' || op.kind === 'resume' || op.kind === 'siginfo' || op.kind === 'ptrace' ? op.tracee : undefined;

/** The operations of the log whose lines are `lines`. */
export async function* parseUmlStraceLines(lines: AsyncIterable<string> | Iterable<string>, options: ParseOptions = {}): AsyncGenerator<RawVmmOp> {
  const source = options.source ?? 'log';
  const cut = options.cut ?? true;
  const known = new Set<number>();
  let state: 'before' | 'inside' | 'after' = cut ? 'before' : 'inside';
  let lineNo = 0;
  for await (const text of lines) {
    lineNo++;
    if (text.trim() === '') continue;
    const parsed = parseUmlLine(text, lineNo);
    if (!parsed.ok) throw new RawLogError(`${source}:${lineNo}: ${parsed.error}`);
    for (const op of parsed.ops) {
      const emit: RawVmmOp[] = [];
      const tracee = op.kind === 'spawn' ? op.tracee : traceeOf(op);
      if (tracee !== undefined && !known.has(tracee)) {
        known.add(tracee);
        emit.push(op.kind === 'spawn' ? op : { kind: 'spawn', line: lineNo, tracee });
      }
      if (op.kind !== 'spawn') emit.push(op);
      if (op.kind === 'marker' && cut) {
        if (state === 'before' && op.text.startsWith(BEGIN)) state = 'inside';
        else if (state === 'inside' && op.text.startsWith(BEGIN)) throw new RawLogError(`${source}:${lineNo}: a second ${BEGIN} before ${END}`);
      }
      if (state === 'inside') yield* emit;
      if (op.kind === 'marker' && cut && state === 'inside' && op.text.startsWith(END)) state = 'after';
    }
    if (state === 'after') return;
  }
  if (state === 'before') throw new RawLogError(`${source}:${lineNo}: no ${BEGIN} marker in the log (the guest workload never started)`);
  if (state === 'inside' && cut) throw new RawLogError(`${source}:${lineNo}: the log ends before ${END} (the guest workload did not finish)`);
}

/** Streams the log file at `path`. */
export async function* parseUmlStraceLog(path: string, options: ParseOptions = {}): AsyncGenerator<RawVmmOp> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (error) => reject(error));
  });
  try {
    await opened;
  } catch (error) {
    const code = errorCode(error);
    throw new RawLogError(`${path}: cannot read (${code})`);
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    yield* parseUmlStraceLines(lines, { ...options, source: options.source ?? path });
  } finally {
    lines.close();
    input.destroy();
  }
}

/** All operations of a log, in order (for small logs and tests). */
export async function collectOps(ops: AsyncIterable<RawVmmOp>): Promise<RawVmmOp[]> {
  const all: RawVmmOp[] = [];
  for await (const op of ops) all.push(op);
  return all;
}
