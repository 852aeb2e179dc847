/**
 * The host work of a real-skas0 run, counted by kind from its trace (issue 13,
 * counts that match): stub stops by why, resumes by how, register transfers by
 * direction and set, stub creations and kills. Differencing two run lengths
 * gives what one iteration of a workload costs, boot and shutdown cancelled,
 * as the real UML run is measured.
 */
import type { SpecEvent } from '../../spec/types.ts';
import type { Workload } from './workload.ts';
import { runWorkload, type RunOptions } from './runWorkload.ts';

/** The kinds of stub work counted. */
export const STUB_COUNT_KINDS = [
  'stop.syscall', 'stop.signal', 'resume.sysemu', 'resume.cont',
  'regs.get.gpr', 'regs.get.fp', 'regs.get.other', 'regs.set.gpr', 'regs.set.fp', 'regs.set.other',
  'create', 'kill',
] as const;
/** One kind of stub work. */
export type StubCountKind = (typeof STUB_COUNT_KINDS)[number];
/** Stub work by kind. */
export type StubCounts = Readonly<Record<StubCountKind, number>>;

/** The kind an event counts as, if it is stub work. */
function kindOf(event: SpecEvent): StubCountKind | undefined {
  switch (event.type) {
    case 'host.stub.stop':
      return `stop.${event.why}`;
    case 'host.stub.resume':
      return `resume.${event.how}`;
    case 'host.stub.regs':
      return `regs.${event.dir}.${event.set}`;
    case 'host.stub.create':
      return 'create';
    case 'host.stub.kill':
      return 'kill';
    default:
      return undefined;
  }
}

/** Stub work in `trace`, by kind. */
export function stubCounts(trace: readonly SpecEvent[]): StubCounts {
  const counts = Object.fromEntries(STUB_COUNT_KINDS.map((k) => [k, 0])) as Record<StubCountKind, number>;
  for (const event of trace) {
    const kind = kindOf(event);
    if (kind !== undefined) counts[kind]++;
  }
  return counts;
}

/** What one iteration adds, key by key: (`long` − `short`) / `span`, from runs `span` iterations apart. */
export function perIterationOf<T extends Readonly<Record<keyof T, number>>>(short: T, long: T, span: number): T {
  return Object.fromEntries((Object.keys(short) as (keyof T)[]).map((k) => [k, (long[k] - short[k]) / span])) as T;
}

/**
 * `measure` of `workload`'s trace under real skas0 per iteration: of a run of `n2` iterations less that of `n1`,
 * over `n2 - n1`. `options` may set the seed, the timer interval and so on (not the variant or the trace).
 */
export function skas0PerOperation<T extends Readonly<Record<keyof T, number>>>(
  workload: (iterations: number) => Workload, n1: number, n2: number, options: Omit<RunOptions, 'variant' | 'trace'>, measure: (trace: readonly SpecEvent[]) => T,
): T {
  if (!(Number.isInteger(n1) && Number.isInteger(n2) && n2 > n1 && n1 >= 0)) throw new Error(`need whole run lengths 0 <= n1 < n2, got ${n1} and ${n2}`);
  const measured = (n: number) => {
    const run = runWorkload(workload(n), { ...options, variant: 'skas0', trace: true });
    if (run.observations.end !== 'halted') throw new Error(`${workload(n).name} under skas0 ended with ${run.observations.end}`);
    return measure(run.trace);
  };
  return perIterationOf(measured(n1), measured(n2), n2 - n1);
}

/** Stub work per iteration of `workload` under real skas0, by kind ({@link skas0PerOperation} of {@link stubCounts}). */
export function skas0HostCountsPerOperation(
  workload: (iterations: number) => Workload, n1: number, n2: number, options: Omit<RunOptions, 'variant' | 'trace'> = {},
): StubCounts {
  return skas0PerOperation(workload, n1, n2, options, stubCounts);
}

/** Mechanisms of a real-skas0 trace counted by occurrence rather than by kind of host work. */
export interface StubMechanismCounts {
  /** Stub calls (PTRACE_CONT) on a new stub before it first runs guest code: mapping the new address space. */
  readonly newStubMappingCalls: number;
  /** Guest page faults (each a SIGSEGV stop of a stub). */
  readonly guestFaults: number;
  /** Timer interrupts delivered to the guest kernel at a stub's stop (real UML: a SIGALRM stop). */
  readonly timerInterrupts: number;
}

/** {@link StubMechanismCounts} of `trace`. */
export function stubMechanismCounts(trace: readonly SpecEvent[]): StubMechanismCounts {
  const fresh = new Set<number>();
  let newStubMappingCalls = 0;
  let guestFaults = 0;
  let timerInterrupts = 0;
  for (const event of trace) {
    if (event.type === 'host.stub.create') fresh.add(event.stub);
    else if (event.type === 'host.stub.resume' && fresh.has(event.stub)) {
      if (event.how === 'cont') newStubMappingCalls++;
      else fresh.delete(event.stub);
    } else if (event.type === 'guest.fault') guestFaults++;
    else if (event.type === 'guest.interrupt' && event.irq === 'timer') timerInterrupts++;
  }
  return { newStubMappingCalls, guestFaults, timerInterrupts };
}
