/**
 * The codec of one event line of a trace: `{seq, layer, ...event}`, a closed
 * record per kind whose `layer` must be the prefix of its `type`, one set per
 * format version. The `seq` contiguity is not a property of one line and is
 * checked by the checker. A version-1 line decodes to the same `SpecEvent`,
 * without the fields version 2 added.
 */
import * as t from 'io-ts';
import type { Layer, SpecEvent, SpecEventType } from '../../spec/index.ts';
import { closedRecord, type Flat } from './closedRecord.ts';
import { EVENT_KINDS, fieldsOf, layerOf } from './eventFields.ts';
import { seqCodec } from './fieldCodecs.ts';
import { taggedUnion } from './taggedUnion.ts';

/** One event line: sequence number, layer, and the event. */
export type TraceRecord = Flat<{ readonly seq: number; readonly layer: Layer }> & SpecEvent;

/** A format version this code reads. */
export type FormatVersion = 1 | 2 | 3;

function recordCodecs(version: FormatVersion): ReadonlyMap<string, t.Type<TraceRecord, TraceRecord, unknown>> {
  return new Map(
    EVENT_KINDS.flatMap((kind) => {
      const fields = fieldsOf(version, kind);
      if (fields === undefined) return [];
      const codec = closedRecord(`${kind} record`, { seq: seqCodec, layer: t.literal(layerOf(kind)), type: t.literal(kind), ...fields });
      return [[kind, codec as unknown as t.Type<TraceRecord, TraceRecord, unknown>] as const];
    }),
  );
}

/** The codec of each event line of the current format (version 3), by kind. */
export const RECORD_CODECS = recordCodecs(3);
const RECORD_CODECS_BY_VERSION = { 1: recordCodecs(1), 2: recordCodecs(2), 3: RECORD_CODECS } as const;

/** The line codecs of format `version`, by kind. */
export const recordCodecsOf = (version: FormatVersion): ReadonlyMap<string, t.Type<TraceRecord, TraceRecord, unknown>> =>
  RECORD_CODECS_BY_VERSION[version];

/** The codec of any event line (current format). */
export const traceRecordCodec = taggedUnion<TraceRecord>('TraceRecord', RECORD_CODECS);
const TRACE_RECORD_CODECS = {
  1: taggedUnion<TraceRecord>('TraceRecord', RECORD_CODECS_BY_VERSION[1]),
  2: taggedUnion<TraceRecord>('TraceRecord', RECORD_CODECS_BY_VERSION[2]),
  3: traceRecordCodec,
} as const;
/** The codec of any event line of format `version`. */
export const traceRecordCodecOf = (version: FormatVersion): t.Type<TraceRecord, TraceRecord, unknown> => TRACE_RECORD_CODECS[version];

/** The line of `event` with sequence number `seq`, as the object that is serialised. */
export function toRecord(seq: number, event: SpecEvent): TraceRecord {
  return { seq, layer: layerOf(event.type), ...event };
}

/** The event of a record (without `seq` and `layer`). */
export function toEvent(record: TraceRecord): SpecEvent {
  const { seq: _seq, layer: _layer, ...event } = record;
  return event as SpecEvent;
}

/** The kinds in record order (re-exported for the format docs and tests). */
export const RECORD_KINDS: readonly SpecEventType[] = EVENT_KINDS;
