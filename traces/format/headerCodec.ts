/**
 * The header: line 1 of every trace. It names the format and its version, the
 * variant the trace was recorded under (a preset or `mediation/protection/
 * address-spaces`), the workload, its seed, the emulator that recorded it, and
 * whether the trace is complete (runs to `guest.halt`) or may stop anywhere.
 */
import * as t from 'io-ts';
import { closedRecord, type Flat } from './closedRecord.ts';
import { integerIn } from './fieldCodecs.ts';

/** The `format` tag of a vmspec trace. */
export const TRACE_FORMAT = 'vmspec-trace';
/** The format version this code writes. */
export const TRACE_FORMAT_VERSION = 2;
/** The format versions this code reads (version 1 lacks process creation and exit, access modes and file pages). */
export const TRACE_FORMAT_VERSIONS = [1, 2] as const;

const nonEmptyString = new t.Type<string, string, unknown>(
  'non-empty string',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) => (typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** The header codec. */
export const traceHeaderCodec = closedRecord('TraceHeader', {
  format: t.literal(TRACE_FORMAT),
  version: t.union([t.literal(1), t.literal(2)], '1 | 2'),
  /** Variant name; checked against spec/variant.ts by the checker, not here. */
  variant: nonEmptyString,
  workload: nonEmptyString,
  /** The seed the workload was generated from, or null for a fixed workload. */
  seed: t.union([integerIn(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), t.null], 'integer | null'),
  emulator: nonEmptyString,
  /** True: the trace records the whole run, so it must end with the guest halted. */
  complete: t.boolean,
});

/** A decoded header. */
export type TraceHeader = Flat<t.TypeOf<typeof traceHeaderCodec>>;
