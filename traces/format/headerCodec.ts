/**
 * The header: line 1 of every trace. It names the format and its version, the
 * variant the trace was recorded under (a preset or `mediation/protection/
 * address-spaces`), the workload, its seed, the emulator that recorded it, and
 * whether the trace is complete (runs to `guest.halt`) or may stop anywhere.
 */
import * as t from 'io-ts';
import { closedRecord, isJsonObject, type Flat } from './closedRecord.ts';
import { integerIn } from './fieldCodecs.ts';

/** The `format` tag of a vmspec trace. */
export const TRACE_FORMAT = 'vmspec-trace';
/** The format version this code writes. */
export const TRACE_FORMAT_VERSION = 3;
/**
 * The format versions this code reads: version 1 lacks process creation and exit, access modes and file pages;
 * version 2 lacks stub processes and a declared start.
 */
export const TRACE_FORMAT_VERSIONS = [1, 2, 3] as const;

const nonEmptyString = new t.Type<string, string, unknown>(
  'non-empty string',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) => (typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

const commonFields = {
  format: t.literal(TRACE_FORMAT),
  /** Variant name; checked against spec/variant.ts by the checker, not here. */
  variant: nonEmptyString,
  workload: nonEmptyString,
  /** The seed the workload was generated from, or null for a fixed workload. */
  seed: t.union([integerIn(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), t.null], 'integer | null'),
  emulator: nonEmptyString,
  /** True: the trace records the whole run, so it must end with the guest halted. */
  complete: t.boolean,
};

/** A guest process alive where a trace starts, and the stub process that holds its address space. */
const startProcessCodec = closedRecord('start process', { pid: integerIn(1, 0x7fff_ffff), stub: integerIn(1, 0x7fff_ffff) });

/**
 * Where a trace that begins mid-run starts (version 3): the guest processes alive then, each with its stub, and the
 * current one, whose guest code runs. `null`: the trace starts at boot.
 */
export const traceStartCodec = nullOr(
  closedRecord('start', { current: integerIn(1, 0x7fff_ffff), processes: t.readonlyArray(startProcessCodec, 'processes') }),
);

/** `codec` or null; unlike `t.union`, a wrong value gets `codec`'s own error at its own path. */
function nullOr<A>(codec: t.Type<A, A, unknown>): t.Type<A | null, A | null, unknown> {
  return new t.Type<A | null, A | null, unknown>(
    `${codec.name} | null`,
    (u): u is A | null => u === null || codec.is(u),
    (u, c) => (u === null ? t.success(null) : codec.validate(u, c)),
    t.identity,
  );
}

/** The header codec of format versions 1 and 2. */
export const traceHeaderCodecV12 = closedRecord('TraceHeader', {
  ...commonFields,
  version: t.union([t.literal(1), t.literal(2)], '1 | 2'),
});

/**
 * The header codec of format version 3: `accesses` says whether the recorder saw guest memory accesses (the
 * emulator does; a real VMM's tracer does not, so there a guest fault has no recorded access before it).
 */
export const traceHeaderCodecV3 = closedRecord('TraceHeader', { ...commonFields, version: t.literal(3), accesses: t.boolean, start: traceStartCodec });

/** A declared start. */
export type TraceStart = NonNullable<t.TypeOf<typeof traceStartCodec>>;

/** A decoded header (`start` only in version 3). */
export type TraceHeader = Flat<t.TypeOf<typeof traceHeaderCodecV12>> | Flat<t.TypeOf<typeof traceHeaderCodecV3>>;

const knownVersion = (u: unknown): u is 1 | 2 | 3 => u === 1 || u === 2 || u === 3;

/** The header codec: picks the version's fields by `version` (a missing or unknown version is reported as such). */
export const traceHeaderCodec: t.Type<TraceHeader, TraceHeader, unknown> = new t.Type<TraceHeader, TraceHeader, unknown>(
  'TraceHeader',
  (u): u is TraceHeader => traceHeaderCodecV3.is(u) || traceHeaderCodecV12.is(u),
  (u, c) => {
    const version = isJsonObject(u) ? u['version'] : undefined;
    if (isJsonObject(u) && !knownVersion(version)) {
      return t.failure(version, t.appendContext(c, 'version', t.number, version), `expected 1 | 2 | 3`);
    }
    return version === 3 ? traceHeaderCodecV3.validate(u, c) : traceHeaderCodecV12.validate(u, c);
  },
  t.identity,
);

/** The declared start of a header, or null (the trace starts at boot, or is of a version without starts). */
export const startOf = (header: TraceHeader): TraceStart | null => ('start' in header ? header.start : null);

/** Whether the trace records guest accesses (versions 1 and 2 always do). */
export const accessesRecorded = (header: TraceHeader): boolean => ('accesses' in header ? header.accesses : true);
