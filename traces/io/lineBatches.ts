/**
 * Splits a stream of text chunks into lines, in batches (one array per chunk)
 * so a 10M-line file is never held whole and the per-line cost stays a
 * string slice. Line ends are `\n` or `\r\n`; one final line end is optional.
 * Every other empty line is kept, for the decoder to refuse; a line longer
 * than `MAX_LINE_CHARS` is cut to `MAX_LINE_CHARS + 1` characters, so memory
 * stays bounded on a file without line ends.
 */
import { createReadStream } from 'node:fs';

/** Bytes read per chunk. */
export const CHUNK_BYTES = 1 << 16;

/** The longest line kept whole; longer ones arrive cut to one character more. */
export const MAX_LINE_CHARS = 1 << 16;

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** The lines of `chunks`, a batch per chunk. A trailing line end does not make a final empty line. */
export async function* lineBatches(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<readonly string[], void, undefined> {
  let rest = '';
  let cut = false;
  for await (const chunk of chunks) {
    const batch: string[] = [];
    let text = chunk;
    let from = 0;
    if (cut) {
      const nl = chunk.indexOf('\n');
      if (nl === -1) continue;
      batch.push(rest);
      cut = false;
      from = nl + 1;
    } else {
      text = rest + chunk;
    }
    for (let nl = text.indexOf('\n', from); nl !== -1; nl = text.indexOf('\n', from)) {
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      batch.push(end - from > MAX_LINE_CHARS ? text.slice(from, from + MAX_LINE_CHARS + 1) : text.slice(from, end));
      from = nl + 1;
    }
    rest = text.slice(from);
    if (rest.length > MAX_LINE_CHARS) {
      rest = rest.slice(0, MAX_LINE_CHARS + 1);
      cut = true;
    }
    if (batch.length > 0) yield batch;
  }
  if (rest !== '') yield [cut ? rest : withoutCr(rest)];
}

/** The lines of the file at `path`, read as UTF-8 in chunks. The stream is closed when iteration stops. */
export function fileLineBatches(path: string): AsyncGenerator<readonly string[], void, undefined> {
  return lineBatches(createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES }));
}
