/**
 * The `calibration.json` format, single source of truth: what one host
 * operation costs here (ns, median with p10/p90 spread), mmap/munmap/mprotect
 * as fixed + per-page fits, the measured composites the cost model must
 * predict (the paper's baseline syscall path, a seccomp trap), and the host.
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { firstFailure, formatFailure } from '../../traces/index.ts';

/** A number codec with a range check; its failure says what was expected. */
function numberIn(name: string, expected: string, ok: (n: number) => boolean): t.Type<number, number, unknown> {
  const is = (u: unknown): u is number => typeof u === 'number' && ok(u);
  return new t.Type<number, number, unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c, expected)), t.identity);
}
/** A finite, non-negative number (a time, a count). */
const Quantity = numberIn('Quantity', 'expected a finite number >= 0', (n) => Number.isFinite(n) && n >= 0);
/** A finite number that may be negative (a fitted intercept, R² of a bad fit). */
const Real = numberIn('Real', 'expected a finite number', Number.isFinite);

/** Where a figure came from: measured on this host now, or the documented defaults. */
export const CostSource = t.keyof({ measured: null, default: null });

const spread = {
  medianNs: Quantity,
  p10Ns: Quantity,
  p90Ns: Quantity,
  /** Samples the median is over; each sample times `batch` operations. */
  samples: Quantity,
  batch: Quantity,
};

const provenance = {
  source: CostSource,
  /** What exactly was timed. */
  note: t.string,
  /** Why the measured figure is missing here (then `source` is `default`), or null. */
  unavailable: t.union([t.string, t.null]),
};

/** A single cost per operation. */
export const PointCost = t.type({ ...provenance, ...spread }, 'PointCost');

/** A cost as fixed + per page, fitted (relative least squares) over the measured points. */
export const FitCost = t.type(
  {
    ...provenance,
    fixedNs: Real,
    perPageNs: Real,
    r2: Real,
    points: t.array(t.type({ pages: Quantity, ...spread })),
  },
  'FitCost',
);

/**
 * A measured composite and what one of it contains, by key: `ptraceStops`,
 * `getpid`, `signals`, `sigreturn`, `mprotectCalls`, `mprotectPages`,
 * `seccompTraps` (counts per operation; `mprotectPages` pages per call).
 */
export const CompositeCost = t.type({ ...provenance, ...spread, contents: t.record(t.string, Quantity) }, 'CompositeCost');

/** The machine the figures come from. */
export const HostDescription = t.type({
  cpuModel: t.string,
  cores: Quantity,
  kernelRelease: t.string,
  platform: t.string,
  arch: t.string,
  nodeVersion: t.string,
  /** ISO 8601 time of the measurement. */
  date: t.string,
  /** The compiler command the probe was built with, or null when nothing was measured. */
  compiler: t.union([t.string, t.null]),
});

/** The whole `calibration.json`. */
export const Calibration = t.type({
  format: t.literal('vmspec-calibration'),
  version: t.literal(1),
  host: HostDescription,
  probe: t.type({ reps: Quantity, batchCap: Quantity, pinnedCpu: t.union([Quantity, t.null]), pageBytes: Quantity }),
  /** One line per thing worth knowing: refusals, fallbacks, where defaults come from. */
  notes: t.array(t.string),
  ops: t.type({
    nullSyscall: PointCost,
    contextSwitch: PointCost,
    signal: PointCost,
    /** tgkill of an ignored signal to self: what raise()'s kill syscall costs besides the delivery (taken off `signal`). */
    signalSend: PointCost,
    minorFault: PointCost,
    ptraceStop: PointCost,
    /** One ptrace GETREGS / GETREGSET(xstate) / SETREGS / SETREGSET on a stopped tracee, averaged over the four. */
    registerTransfer: PointCost,
    /** A host process made and gone (fork, its first stop waited for, SIGKILL, reaped): real skas0's stub per guest address space. */
    processLifetime: PointCost,
    mmap: FitCost,
    munmap: FitCost,
    mprotect: FitCost,
  }),
  composites: t.type({
    umlinuxSyscall: CompositeCost,
    seccompTrap: CompositeCost,
    seccompSyscall: CompositeCost,
  }),
});

/** A decoded calibration. */
export type Calibration = t.TypeOf<typeof Calibration>;
export type PointCost = t.TypeOf<typeof PointCost>;
export type FitCost = t.TypeOf<typeof FitCost>;
export type CompositeCost = t.TypeOf<typeof CompositeCost>;
export type HostDescription = t.TypeOf<typeof HostDescription>;
/** Names of the single-cost operations. */
export type PointOp = 'nullSyscall' | 'contextSwitch' | 'signal' | 'signalSend' | 'minorFault' | 'ptraceStop' | 'registerTransfer' | 'processLifetime';
/** Names of the fitted operations. */
export type FitOp = 'mmap' | 'munmap' | 'mprotect';
/** Names of the composites. */
export type CompositeName = keyof Calibration['composites'];

/** Decodes a calibration from parsed JSON; a failure is one line naming the JSON path. */
export function decodeCalibration(json: unknown): { ok: true; calibration: Calibration } | { ok: false; error: string } {
  const result = Calibration.decode(json);
  if (isLeft(result)) return { ok: false, error: formatFailure(firstFailure(result.left)) };
  return { ok: true, calibration: result.right };
}

/** Parses and decodes calibration text (the contents of a `calibration.json`); one-line error on failure. */
export function parseCalibration(text: string): { ok: true; calibration: Calibration } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  return decodeCalibration(json);
}
