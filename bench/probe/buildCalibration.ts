/**
 * Turns the probe's raw figures into a calibration: spreads renamed to ns,
 * mmap/munmap/mprotect fitted as fixed + per page, and every figure the host
 * refused replaced by the documented default with the refusal recorded.
 */
import type { Calibration, CompositeCost, CompositeName, FitCost, FitOp, HostDescription, PointCost, PointOp } from './calibration.ts';
import { linearFit } from './linearFit.ts';
import type { ProbeOutput, ProbePoint, ProbeSized } from './probeOutput.ts';

type Stat = { readonly median: number; readonly p10: number; readonly p90: number; readonly samples: number; readonly batch: number };

const spread = (s: Stat) => ({ medianNs: s.median, p10Ns: s.p10, p90Ns: s.p90, samples: s.samples, batch: s.batch });

function fallback<C extends PointCost | FitCost | CompositeCost>(byDefault: C, reason: string): C {
  return { ...byDefault, source: 'default', unavailable: reason };
}

function point(raw: ProbePoint, byDefault: PointCost): PointCost {
  if (raw.status === 'unavailable') return fallback(byDefault, raw.reason);
  return { source: 'measured', note: raw.note ?? byDefault.note, unavailable: null, ...spread(raw.stat) };
}

function composite(raw: ProbePoint, byDefault: CompositeCost): CompositeCost {
  if (raw.status === 'unavailable') return fallback(byDefault, raw.reason);
  return { source: 'measured', note: raw.note ?? byDefault.note, unavailable: null, ...spread(raw.stat), contents: raw.contents ?? byDefault.contents };
}

function fitted(raw: ProbeSized, byDefault: FitCost): FitCost {
  if (raw.status === 'unavailable') return fallback(byDefault, raw.reason);
  const result = linearFit(raw.sizes.map((z) => ({ pages: z.pages, ns: z.stat.median })));
  if (!result.ok) return fallback(byDefault, `fit failed: ${result.error}`);
  return {
    source: 'measured',
    note: raw.note,
    unavailable: null,
    ...result.fit,
    points: raw.sizes.map((z) => ({ pages: z.pages, ...spread(z.stat) })),
  };
}

const POINT_OPS: readonly PointOp[] = ['nullSyscall', 'contextSwitch', 'signal', 'signalSend', 'minorFault', 'ptraceStop', 'registerTransfer', 'processLifetime'];
const FIT_OPS: readonly FitOp[] = ['mmap', 'munmap', 'mprotect'];
const COMPOSITES: readonly CompositeName[] = ['umlinuxSyscall', 'seccompTrap', 'seccompSyscall'];

/** The calibration of `output` measured on `host`, defaults filling what the host refused. */
export function buildCalibration(output: ProbeOutput, host: HostDescription, defaults: Calibration): Calibration {
  const r = output.results;
  const ops = {
    nullSyscall: point(r.nullSyscall, defaults.ops.nullSyscall),
    contextSwitch: point(r.contextSwitch, defaults.ops.contextSwitch),
    signal: point(r.signal, defaults.ops.signal),
    signalSend: point(r.signalSend, defaults.ops.signalSend),
    minorFault: point(r.minorFault, defaults.ops.minorFault),
    ptraceStop: point(r.ptraceStop, defaults.ops.ptraceStop),
    registerTransfer: point(r.registerTransfer, defaults.ops.registerTransfer),
    processLifetime: point(r.processLifetime, defaults.ops.processLifetime),
    mmap: fitted(r.mmap, defaults.ops.mmap),
    munmap: fitted(r.munmap, defaults.ops.munmap),
    mprotect: fitted(r.mprotect, defaults.ops.mprotect),
  };
  const composites = {
    umlinuxSyscall: composite(r.umlinuxSyscall, defaults.composites.umlinuxSyscall),
    seccompTrap: composite(r.seccompTrap, defaults.composites.seccompTrap),
    seccompSyscall: composite(r.seccompSyscall, defaults.composites.seccompSyscall),
  };
  const all: readonly (readonly [string, string | null])[] = [
    ...POINT_OPS.map((name) => [name, ops[name].unavailable] as const),
    ...FIT_OPS.map((name) => [name, ops[name].unavailable] as const),
    ...COMPOSITES.map((name) => [name, composites[name].unavailable] as const),
  ];
  const refused = all.flatMap(([name, reason]) => (reason === null ? [] : [[name, reason] as const]));
  const notes = refused.length === 0 ? [] : [`${refused.map(([name]) => name).join(', ')}: not measurable here, defaults used (${defaultsOrigin(defaults)})`];
  return {
    format: 'vmspec-calibration',
    version: 1,
    host,
    probe: { reps: output.reps, batchCap: output.batchCap, pinnedCpu: output.pinnedCpu < 0 ? null : output.pinnedCpu, pageBytes: output.pageBytes },
    notes: [...notes, ...refused.map(([name, reason]) => `${name}: ${reason}`)],
    ops,
    composites,
  };
}

/** One phrase saying where the defaults were measured. */
export function defaultsOrigin(defaults: Calibration): string {
  const h = defaults.host;
  return `measured on ${h.cpuModel} (${h.cores} cores), Linux ${h.kernelRelease}, ${h.date.slice(0, 10)}`;
}

/** The defaults, as the whole calibration of a host that measured nothing. */
export function defaultsOnly(host: HostDescription, defaults: Calibration, reason: string): Calibration {
  return { ...defaults, host, notes: [`nothing measured: ${reason}; every figure is a default (${defaultsOrigin(defaults)})`] };
}
