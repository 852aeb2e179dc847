/**
 * The raw JSON the C host probe (`hostProbe.c`) prints: per figure either a
 * set of samples summarised (median, p10, p90 in ns per operation) or the
 * reason the host refused it. Decoded here, at the process edge.
 */
import * as t from 'io-ts';

/** Median and spread of one figure, in ns per operation. */
export const ProbeStat = t.type({
  median: t.number,
  p10: t.number,
  p90: t.number,
  samples: t.number,
  batch: t.number,
});

/** A figure the host refused (EPERM from ptrace or seccomp, say). */
export const ProbeUnavailable = t.type({ status: t.literal('unavailable'), reason: t.string });

/** A single-cost figure; composites also say what one operation contains. */
export const ProbePoint = t.union([
  t.type({ status: t.literal('ok'), stat: ProbeStat, contents: t.union([t.record(t.string, t.number), t.undefined]), note: t.union([t.string, t.undefined]) }),
  ProbeUnavailable,
]);

/** A figure measured at several sizes, to be fitted as fixed + per page. */
export const ProbeSized = t.union([
  t.type({ status: t.literal('ok'), sizes: t.array(t.type({ pages: t.number, stat: ProbeStat })), note: t.string }),
  ProbeUnavailable,
]);

/** The probe's whole output. */
export const ProbeOutput = t.type({
  probe: t.literal('vmspec-host-probe'),
  version: t.literal(1),
  reps: t.number,
  batchCap: t.number,
  pinnedCpu: t.number,
  pageBytes: t.number,
  results: t.type({
    nullSyscall: ProbePoint,
    contextSwitch: ProbePoint,
    signal: ProbePoint,
    signalSend: ProbePoint,
    mmap: ProbeSized,
    munmap: ProbeSized,
    mprotect: ProbeSized,
    minorFault: ProbePoint,
    ptraceStop: ProbePoint,
    registerTransfer: ProbePoint,
    processLifetime: ProbePoint,
    umlinuxSyscall: ProbePoint,
    seccompTrap: ProbePoint,
    seccompSyscall: ProbePoint,
  }),
});

/** The decoded probe output. */
export type ProbeOutput = t.TypeOf<typeof ProbeOutput>;
/** One single-cost figure of the probe. */
export type ProbePoint = t.TypeOf<typeof ProbePoint>;
/** One sized figure of the probe. */
export type ProbeSized = t.TypeOf<typeof ProbeSized>;
