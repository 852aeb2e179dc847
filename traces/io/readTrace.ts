/**
 * Reading a trace file as decoded items, streaming: the header, then each
 * event with its line, or the first malformed line (after which reading
 * stops). For consumers that want the events themselves; the checker has its
 * own allocation-free loop over the same line decoders.
 */
import type { SpecEvent, Variant } from '../../spec/index.ts';
import { toEvent, type FormatVersion } from '../format/recordCodec.ts';
import type { TraceHeader } from '../format/headerCodec.ts';
import { fileLineBatches } from './lineBatches.ts';
import { malformed, type Malformed } from './malformed.ts';
import { parseHeaderLine, parseRecordLine } from './parseLine.ts';

/** One item of a trace being read. */
export type TraceItem =
  | { readonly kind: 'header'; readonly line: 1; readonly header: TraceHeader; readonly variant: Variant }
  | { readonly kind: 'event'; readonly line: number; readonly seq: number; readonly event: SpecEvent }
  | Malformed;

/** The items of the lines in `batches`; ends after the first malformed line. Sequence numbers are not checked here. */
export async function* readTraceLines(batches: AsyncIterable<readonly string[]>): AsyncGenerator<TraceItem, void, undefined> {
  let line = 0;
  let version: FormatVersion = 3;
  for await (const batch of batches) {
    for (const text of batch) {
      line++;
      if (line === 1) {
        const header = parseHeaderLine(text);
        if (header.kind === 'malformed') return yield header;
        version = header.header.version;
        yield { kind: 'header', line: 1, header: header.header, variant: header.variant };
        continue;
      }
      const record = parseRecordLine(text, line, version);
      if ('kind' in record) return yield record;
      yield { kind: 'event', line, seq: record.seq, event: toEvent(record) };
    }
  }
  if (line === 0) yield malformed('empty-file', 1, '$', 'empty file: expected a header on line 1');
}

/** The items of the trace file at `path` (a file-system error rejects the iteration). */
export function readTrace(path: string): AsyncGenerator<TraceItem, void, undefined> {
  return readTraceLines(fileLineBatches(path));
}
