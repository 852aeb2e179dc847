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

/** The file's bytes are not UTF-8 from line `line` on (a literal U+FFFD is valid UTF-8; a byte that encodes nothing is not). */
export class NotUtf8Error extends Error {
  constructor(readonly line: number) {
    super(`line ${line}: not valid UTF-8`);
  }
}

/**
 * The bytes a well-formed sequence may have second after lead byte `b` (Unicode's table 3-7): narrower than any
 * continuation byte after E0, ED, F0 and F4, which rules out overlong forms, surrogates and code points past U+10FFFF.
 */
function secondByteRange(b: number): readonly [number, number] {
  if (b === 0xe0) return [0xa0, 0xbf];
  if (b === 0xed) return [0x80, 0x9f];
  if (b === 0xf0) return [0x90, 0xbf];
  if (b === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/** The index of the first byte of `bytes` that does not start or continue a well-formed UTF-8 sequence (or `bytes.length`). */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return bytes.length; // cut at the chunk's end: the next chunk decides
      const [low, high] = k === 1 ? secondByteRange(b) : [0x80, 0xbf];
      if (bytes[i + k]! < low || bytes[i + k]! > high) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** The text of the file at `path` in chunks, decoded as UTF-8 strictly: invalid bytes throw `NotUtf8Error` with their line. */
async function* utf8Chunks(path: string): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  const countLines = (text: string): void => {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      // The lines before the bad byte come first: an earlier malformed line is the one to report.
      const bad = firstInvalidByte(chunk);
      const prefix = decoder.decode(chunk.subarray(0, bad), { stream: true });
      countLines(prefix);
      yield prefix;
      throw new NotUtf8Error(line);
    }
    countLines(text);
    yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch {
    throw new NotUtf8Error(line);
  }
}

/** The lines of the file at `path`, read as strict UTF-8 in chunks. The stream is closed when iteration stops. */
export function fileLineBatches(path: string): AsyncGenerator<readonly string[], void, undefined> {
  return lineBatches(utf8Chunks(path));
}
