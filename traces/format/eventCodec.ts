/**
 * The codec of one spec event: one closed record per kind, built from the
 * field table, and their tagged union. The type it decodes to is checked at
 * compile time to be exactly `SpecEvent` from spec/types.ts, so the format
 * and the spec's vocabulary cannot drift apart.
 */
import * as t from 'io-ts';
import type { SpecEvent, SpecEventType } from '../../spec/index.ts';
import { closedRecord, type Flat } from './closedRecord.ts';
import { EVENT_FIELDS, EVENT_KINDS, type EventFields } from './eventFields.ts';
import { taggedUnion } from './taggedUnion.ts';

/** The decoded fields of an event of kind `K` (besides `type`). */
type FieldsOf<K extends SpecEventType> = {
  readonly [F in keyof EventFields[K]]: EventFields[K][F] extends t.Mixed ? t.TypeOf<EventFields[K][F]> : never;
};

/** The event the codecs decode, by kind. */
export type DecodedEventOf<K extends SpecEventType> = Flat<{ readonly type: K } & FieldsOf<K>>;

/** Every decoded event. */
export type DecodedEvent = { [K in SpecEventType]: DecodedEventOf<K> }[SpecEventType];

/** The codec of each event kind. */
export const EVENT_CODECS = Object.fromEntries(
  EVENT_KINDS.map((kind) => [kind, closedRecord(kind, { type: t.literal(kind), ...EVENT_FIELDS[kind] })]),
) as unknown as { readonly [K in SpecEventType]: t.Type<DecodedEventOf<K>, DecodedEventOf<K>, unknown> };

/** The codec of any spec event (a JSON object with `type` and that kind's fields, nothing else). */
export const specEventCodec = taggedUnion<DecodedEvent>(
  'SpecEvent',
  new Map(EVENT_KINDS.map((kind) => [kind, EVENT_CODECS[kind] as unknown as t.Type<DecodedEvent, DecodedEvent, unknown>])),
);

/** `true` when `A` and `B` are the same type (not merely assignable both ways). */
export type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends (<X>() => X extends B ? 1 : 2) ? true : false;
/** Compiles only when given `true`. */
export type Assert<T extends true> = T;

/** `T` with every optional property required (and `undefined` no longer allowed). */
type Complete<T> = T extends unknown ? { readonly [K in keyof T]-?: Exclude<T[K], undefined> } : never;

/**
 * Compile-time proof: the codec decodes exactly the spec's event vocabulary,
 * with every field version 2 added present (version 1 lines lack them, which
 * the spec's optional fields allow).
 */
export type EventCodecMatchesSpec = Assert<Equals<t.TypeOf<typeof specEventCodec>, Complete<SpecEvent>>>;
