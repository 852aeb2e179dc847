/**
 * Reads recorded strace logs from disk, streamed line by line (plain, or
 * gzipped when the name ends in `.gz`, as the committed logs are), into the
 * intermediate form. Several files are the `-ff -o PREFIX` per-process files
 * of one run: each name ends in `.PID`. A missing or malformed file is a
 * value naming the file and line.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DEFAULT_BLOCKING_THRESHOLD_US, StraceParser } from './parseStrace.ts';
import type { StraceWorkload } from './straceWorkload.ts';
import { errorCode } from '../../traces/index.ts';

/** The committed logs, by workload name (recorded by `record.sh`). */
export const RECORDED_LOGS: Readonly<Record<'gzip' | 'make' | 'http', URL>> = {
  gzip: new URL('./logs/gzip.strace.gz', import.meta.url),
  make: new URL('./logs/make.strace.gz', import.meta.url),
  http: new URL('./logs/http.strace.gz', import.meta.url),
};

const nameOf = (path: string | URL): string => (path instanceof URL ? path.pathname : path);

/** Feeds every line of `path` to `parser`; an error value when the file cannot be read. */
async function feed(path: string | URL, parser: StraceParser): Promise<{ ok: true } | { ok: false; error: string }> {
  const name = nameOf(path);
  const file = createReadStream(path);
  let stream: Readable = file;
  if (name.endsWith('.gz')) {
    const gunzip = createGunzip();
    file.on('error', (error) => gunzip.destroy(error));
    stream = file.pipe(gunzip);
  }
  try {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    for await (const line of lines) {
      if (!parser.push(line)) {
        lines.close();
        stream.destroy();
        break;
      }
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `${name}: cannot read (${errorCode(error)})` };
  }
}

/** Reads and parses one log, or the per-process files of one run (`NAME.PID` each). */
export async function readStraceLogs(
  paths: readonly (string | URL)[],
  blockingThresholdUs: number = DEFAULT_BLOCKING_THRESHOLD_US,
): Promise<{ ok: true; workload: StraceWorkload } | { ok: false; error: string }> {
  const parser = new StraceParser(blockingThresholdUs);
  for (const path of paths) {
    const name = nameOf(path);
    let pid: number | null = null;
    if (paths.length > 1) {
      const m = /\.(\d+)(?:\.gz)?$/.exec(name);
      if (m === null) return { ok: false, error: `${name}: several logs are read as the per-process files of one run (strace -ff -o NAME), so each name must end in .PID` };
      pid = Number(m[1]);
    }
    parser.source(name, pid);
    const fed = await feed(path, parser);
    if (!fed.ok) return fed;
    if (parser.failure !== null) return { ok: false, error: parser.failure };
  }
  return parser.finish();
}

/** Reads and parses the log at `path`. */
export function readStraceLog(
  path: string | URL,
  blockingThresholdUs: number = DEFAULT_BLOCKING_THRESHOLD_US,
): Promise<{ ok: true; workload: StraceWorkload } | { ok: false; error: string }> {
  return readStraceLogs([path], blockingThresholdUs);
}
