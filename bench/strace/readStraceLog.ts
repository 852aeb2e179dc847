/**
 * Reads a recorded strace log from disk (plain, or gzipped when the name ends
 * in `.gz`, as the committed logs are) and parses it into the intermediate
 * form. A missing or malformed file is a value naming the file and line.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_BLOCKING_THRESHOLD_US, parseStrace } from './parseStrace.ts';
import type { StraceWorkload } from './straceWorkload.ts';

/** The committed logs, by workload name (recorded by `record.sh`). */
export const RECORDED_LOGS: Readonly<Record<'gzip' | 'make' | 'http', URL>> = {
  gzip: new URL('./logs/gzip.strace.gz', import.meta.url),
  make: new URL('./logs/make.strace.gz', import.meta.url),
  http: new URL('./logs/http.strace.gz', import.meta.url),
};

/** Reads and parses the log at `path`. */
export async function readStraceLog(
  path: string | URL,
  blockingThresholdUs: number = DEFAULT_BLOCKING_THRESHOLD_US,
): Promise<{ ok: true; workload: StraceWorkload } | { ok: false; error: string }> {
  const name = path instanceof URL ? path.pathname : path;
  let text: string;
  try {
    const bytes = await readFile(path);
    text = (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error);
    return { ok: false, error: `${name}: cannot read (${code})` };
  }
  const parsed = parseStrace(text, blockingThresholdUs);
  return parsed.ok ? parsed : { ok: false, error: `${name}: ${parsed.error}` };
}
