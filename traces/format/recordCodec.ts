/**
 * The codec of one event line of a trace: `{seq, layer, ...event}`, a closed
 * record per kind whose `layer` must be the prefix of its `type`. The `seq`
 * contiguity is not a property of one line and is checked by the checker.
 */
import * as t from 'io-ts';
import type { Layer, SpecEvent, SpecEventType } from '../../spec/index.ts';
import { closedRecord, type Flat } from './closedRecord.ts';
import { EVENT_FIELDS, EVENT_KINDS, layerOf } from './eventFields.ts';
import { seqCodec } from './fieldCodecs.ts';
import { taggedUnion } from './taggedUnion.ts';

/** One event line: sequence number, layer, and the event. */
export type TraceRecord = Flat<{ readonly seq: number; readonly layer: Layer }> & SpecEvent;

/** The codec of each event line, by kind. */
export const RECORD_CODECS: ReadonlyMap<string, t.Type<TraceRecord, TraceRecord, unknown>> = new Map(
  EVENT_KINDS.map((kind) => [
    kind,
    closedRecord(`${kind} record`, {
      seq: seqCodec,
      layer: t.literal(layerOf(kind)),
      type: t.literal(kind),
      ...EVENT_FIELDS[kind],
    }) as unknown as t.Type<TraceRecord, TraceRecord, unknown>,
  ]),
);

/** The codec of any event line. */
export const traceRecordCodec = taggedUnion<TraceRecord>('TraceRecord', RECORD_CODECS);

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
