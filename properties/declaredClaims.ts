/**
 * Cost claims a subject states itself (a plug-in: "my protection makes no
 * operation on the guest kernel region after boot"), checked by the
 * cost-claims property on every scenario like the paper's claims: a bound on
 * a measure of the run, absolute, per occurrence of a trace event, or against
 * another variant on the same scenario. They say what an optimization is for.
 */
import type { Counters, RunResult } from '../impl/index.ts';
import { classifyRange, parseVariant, type SpecEvent, type SpecEventType } from '../spec/index.ts';
import { finished, runScenario, Violation } from './scenarioProperty.ts';
import type { Scenario } from './arbitraries/workloadArbitrary.ts';
import { variantSubject, type Subject } from './subject.ts';

/** Protection operations on the whole guest kernel region after the guest kernel started. */
export function kernelRegionOps(trace: readonly SpecEvent[]): number {
  const start = trace.findIndex((e) => e.type === 'vmm.start');
  return trace.slice(start + 1).filter((e) => (e.type === 'host.mm.map' || e.type === 'host.mm.unmap' || e.type === 'host.mm.protect') && classifyRange(e.start, e.pages) === 'kernel-whole').length;
}

const sum = (counts: Readonly<Partial<Record<string, number>>>): number => Object.values(counts).reduce<number>((total, n) => total + (n ?? 0), 0);
const counted = (f: (c: Counters) => number) => (run: RunResult): number => f(run.counters);

/** The measures a claim can name, by name. */
export const CLAIM_MEASURES = {
  'host context switches': counted((c) => c.hostContextSwitches),
  'ptrace stops': counted((c) => c.ptraceStops),
  'register transfers': counted((c) => c.registerTransfers),
  'host syscalls': counted((c) => sum(c.hostSyscalls)),
  'mprotect calls': counted((c) => c.mprotectCalls),
  'mmap+munmap calls': counted((c) => c.mmapCalls + c.munmapCalls),
  'pages protected': counted((c) => c.pagesProtected),
  'pages unmapped': counted((c) => c.pagesUnmapped),
  'host signals': counted((c) => sum(c.signals)),
  'TLB flushes': counted((c) => c.tlbFlushes),
  'kernel region operations after boot': (run: RunResult) => kernelRegionOps(run.trace),
} as const satisfies Readonly<Record<string, (run: RunResult) => number>>;

/** A measure's name. */
export type ClaimMeasure = keyof typeof CLAIM_MEASURES;

/** A cost claim: a measure of each run, bounded by `atMost` (per `per` event, if given) and/or by `noMoreThan` a variant. */
export interface CostClaim {
  /** What it claims, in words: `no mprotect after boot`. */
  readonly says: string;
  /** A named measure, or a function of the run (its counters and trace). */
  readonly measure: ClaimMeasure | ((run: RunResult) => number);
  /** At most this many on every scenario (times the occurrences of `per`, when given). */
  readonly atMost?: number;
  /** Scales `atMost`: at most that many per event of this type in the run's trace (`guest.syscall`); a run with none is not judged by it. */
  readonly per?: SpecEventType;
  /** No more than the same measure under this variant (a preset or `mediation/protection/address-spaces`) on the same scenario. */
  readonly noMoreThan?: string;
}

function measureOf(claim: CostClaim): { name: string; of: (run: RunResult) => number } {
  return typeof claim.measure === 'function' ? { name: 'measure', of: claim.measure } : { name: claim.measure, of: CLAIM_MEASURES[claim.measure] };
}

/** Checks `subject`'s own claims on `result`, its run of `scenario`; throws a `Violation` naming the first broken one. */
export function checkDeclaredClaims(subject: Subject, scenario: Scenario, result: RunResult): void {
  for (const claim of subject.claims ?? []) {
    const { name, of } = measureOf(claim);
    const value = of(result);
    const broken = (why: string): Violation => new Violation(`claim '${claim.says}' broken: ${name} ${value} under ${subject.name}, ${why}`);
    if (claim.atMost !== undefined) {
      const times = claim.per === undefined ? 1 : result.trace.filter((e) => e.type === claim.per).length;
      const bound = claim.atMost * times;
      // A bound per event says nothing of a run without that event (its boot and faults are no event's work).
      const vacuous = claim.per !== undefined && times === 0;
      if (!vacuous && value > bound) throw broken(`more than ${claim.per === undefined ? bound : `${claim.atMost} per ${claim.per} × ${times} = ${bound}`}`);
    }
    if (claim.noMoreThan !== undefined) {
      const parsed = parseVariant(claim.noMoreThan);
      if (!parsed.ok) throw new Violation(`claim '${claim.says}': ${parsed.error}`);
      const other = of(finished(runScenario(variantSubject(parsed.variant), scenario)));
      if (value > other) throw broken(`more than ${other} under ${claim.noMoreThan}`);
    }
  }
}
