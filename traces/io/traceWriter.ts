/**
 * Writing traces: the header line, then one line per event with contiguous
 * sequence numbers from 1. Lines are produced lazily and written in chunks
 * with back-pressure, so any number of events can be written in bounded
 * memory. Every line is checked against the codecs before it is written: the
 * writer never produces a file the reader would refuse.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { SpecEvent } from '../../spec/index.ts';
import { firstFailure, formatFailure } from '../format/decodeFailure.ts';
import { traceHeaderCodec, type TraceHeader } from '../format/headerCodec.ts';
import { toRecord, traceRecordCodecOf, type FormatVersion } from '../format/recordCodec.ts';

/** The header line (no line end). */
export function formatHeaderLine(header: TraceHeader): string {
  return JSON.stringify(header);
}

/** The line of `event` with sequence number `seq` (no line end). */
export function formatEventLine(seq: number, event: SpecEvent): string {
  return JSON.stringify(toRecord(seq, event));
}

/** What `traceLines` found wrong with its input: a bug of the producer. */
export type EncodeResult = { readonly ok: true; readonly line: string } | { readonly ok: false; readonly error: string };

/** The checked header line. */
function headerLine(header: TraceHeader): EncodeResult {
  const decoded = traceHeaderCodec.decode(header);
  return decoded._tag === 'Right' ? { ok: true, line: formatHeaderLine(header) } : { ok: false, error: `header: ${formatFailure(firstFailure(decoded.left))}` };
}

/** The checked line of event number `seq`, in format `version` (the header's: a reader reads it with that version's table). */
function eventLine(seq: number, event: SpecEvent, version: FormatVersion): EncodeResult {
  const record = toRecord(seq, event);
  const codec = traceRecordCodecOf(version);
  if (codec.is(record)) return { ok: true, line: JSON.stringify(record) };
  const decoded = codec.decode(record);
  const reason = decoded._tag === 'Left' ? formatFailure(firstFailure(decoded.left)) : 'does not encode';
  return { ok: false, error: `event ${seq}: ${reason}` };
}

/** The lines of a trace, checked, lazily: header first, then events numbered from 1. */
export function* traceLines(header: TraceHeader, events: Iterable<SpecEvent>): Generator<EncodeResult, void, undefined> {
  yield headerLine(header);
  let seq = 1;
  for (const event of events) yield eventLine(seq++, event, header.version);
}

/** The result of writing a trace file. */
export type WriteResult = { readonly ok: true; readonly events: number } | { readonly ok: false; readonly error: string };

const FLUSH_CHARS = 1 << 16;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Writes a trace to `path` (replacing it). Events may be an async source, e.g. an emulator run. */
export async function writeTrace(path: string, header: TraceHeader, events: Iterable<SpecEvent> | AsyncIterable<SpecEvent>): Promise<WriteResult> {
  const stream = createWriteStream(path);
  let failure: unknown;
  stream.on('error', (error) => void (failure ??= error));
  const write = async (text: string): Promise<void> => {
    if (failure !== undefined) throw failure;
    if (!stream.write(text)) await once(stream, 'drain');
  };
  let result: WriteResult;
  try {
    result = await writeLines(header, events, write);
  } catch (error) {
    result = { ok: false, error: messageOf(error) };
  }
  stream.end();
  try {
    await finished(stream);
  } catch (error) {
    if (result.ok) result = { ok: false, error: messageOf(error) };
  }
  return result;
}

async function writeLines(header: TraceHeader, events: Iterable<SpecEvent> | AsyncIterable<SpecEvent>, write: (text: string) => Promise<void>): Promise<WriteResult> {
  const first = headerLine(header);
  if (!first.ok) return first;
  let buffer = `${first.line}\n`;
  let seq = 0;
  for await (const event of events) {
    const line = eventLine(++seq, event, header.version);
    if (!line.ok) return line;
    buffer += `${line.line}\n`;
    if (buffer.length >= FLUSH_CHARS) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  return { ok: true, events: seq };
}
