/**
 * Checking whole traces: a file streamed from disk in line batches, or lines
 * already in memory (tests, properties). Reading stops as soon as the verdict
 * is settled; a file that cannot be read is a verdict too, never a throw.
 */
import { fileLineBatches, NotUtf8Error } from '../io/lineBatches.ts';
import { malformed } from '../io/malformed.ts';
import { traceChecker, type CheckOptions } from './traceChecker.ts';
import type { Verdict } from './verdict.ts';

/** Checks the lines of a trace given in batches (as `lineBatches` yields them). */
export async function conformBatches(batches: AsyncIterable<readonly string[]>, options: CheckOptions = {}): Promise<Verdict> {
  const checker = traceChecker(options);
  outer: for await (const batch of batches) {
    for (const text of batch) if (!checker.feed(text)) break outer;
  }
  return checker.finish();
}

/** Checks the lines of a trace held in memory (each without its line end). */
export function conformLines(lines: Iterable<string>, options: CheckOptions = {}): Verdict {
  const checker = traceChecker(options);
  for (const text of lines) if (!checker.feed(text)) break;
  return checker.finish();
}

/** Checks the trace file at `path`. */
export async function conformFile(path: string, options: CheckOptions = {}): Promise<Verdict> {
  try {
    return await conformBatches(fileLineBatches(path), options);
  } catch (error) {
    if (error instanceof NotUtf8Error) return malformed('not-utf8', error.line, '$', 'not valid UTF-8 text (a byte that encodes no character)');
    if (!isFileSystemError(error)) throw error;
    return { kind: 'unreadable', message: error.message };
  }
}

/** An error of the file system (ENOENT, EISDIR, EACCES, …), as opposed to a bug. */
function isFileSystemError(error: unknown): error is Error & { readonly code: string } {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && 'syscall' in error;
}
