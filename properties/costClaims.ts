/**
 * The paper's cost claims, as counts on the same scenario (DESIGN.md,
 * "Properties"; paper §4): the kernel module makes no host context switch;
 * segment bounds and the supervisor bit make no protection operation on the
 * guest kernel region after boot; multi-as makes no unmap of the guest user
 * region per guest context switch; and no optimization raises a counter class
 * it targets above the baseline choice of its axis on the same scenario.
 * A subject may state claims of its own (a plug-in's `costClaims`,
 * properties/declaredClaims.ts), checked on the same runs.
 */
import type { Counters, RunResult } from '../impl/index.ts';
import { classifyRange, isStubVariant, type SpecEvent, type Variant } from '../spec/index.ts';
import { checkDeclaredClaims, kernelRegionOps } from './declaredClaims.ts';
import { finished, runScenario, scenarioProperty, Violation } from './scenarioProperty.ts';
import { variantSubject, type Subject } from './subject.ts';


const calls = (c: Counters, ...names: readonly ('mmap' | 'munmap' | 'mprotect')[]) => names.reduce((sum, n) => sum + (c.hostSyscalls[n] ?? 0), 0);

/** The counter classes each axis's optimization targets. */
const TARGETS = {
  mediation: { baseline: { mediation: 'ptrace-process' }, measures: { 'host context switches': (c: Counters) => c.hostContextSwitches, 'ptrace stops': (c: Counters) => c.ptraceStops } },
  protection: { baseline: { protection: 'mprotect' }, measures: { 'pages protected': (c: Counters) => c.pagesProtected, 'mprotect calls': (c: Counters) => calls(c, 'mprotect') } },
  addressSpaces: { baseline: { addressSpaces: 'remap' }, measures: { 'mmap+munmap calls': (c: Counters) => calls(c, 'mmap', 'munmap'), 'pages unmapped': (c: Counters) => c.pagesUnmapped } },
} as const;

function optimizedAxes(variant: Variant): (keyof typeof TARGETS)[] {
  const axes: (keyof typeof TARGETS)[] = [];
  if (variant.mediation === 'kernel-module') axes.push('mediation');
  if (variant.protection === 'segment-bounds' || variant.protection === 'supervisor-bit') axes.push('protection');
  if (variant.addressSpaces === 'multi-as') axes.push('addressSpaces');
  return axes;
}

function absoluteClaims(variant: Variant, result: RunResult): void {
  const { counters, trace } = result;
  if (variant.mediation === 'kernel-module' && (counters.hostContextSwitches > 0 || counters.ptraceStops > 0)) {
    throw new Violation(`kernel-module made ${counters.hostContextSwitches} host context switch(es) and ${counters.ptraceStops} ptrace stop(s)`);
  }
  if (optimizedAxes(variant).includes('protection')) {
    const ops = kernelRegionOps(trace);
    const mprotects = result.kernelCalls.filter((call) => call.nr === 'mprotect').length;
    if (ops > 0 || mprotects > 0) throw new Violation(`${variant.protection} made ${ops} protection operation(s) on the guest kernel region and ${mprotects} mprotect call(s)`);
  }
  if (variant.addressSpaces === 'multi-as') multiAsSwitches(trace, Object.keys(result.observations.exits).length);
}

/**
 * Multi-as, per guest switch: between `switch-guest` and the guest switch the only host mapping work allowed is
 * one emptying of the user region of the definition switched to; over the run, emptyings are bounded by the
 * definitions used (a new one is a copy of the live one) plus the processes that exited (whose definitions are reused).
 */
function multiAsSwitches(trace: readonly SpecEvent[], exits: number): void {
  const definitions = new Set<number>([0]);
  let emptyings = 0;
  trace.forEach((event, i) => {
    if (event.type !== 'host.as.switch') return;
    definitions.add(event.asid);
    const end = trace.findIndex((e, j) => j > i && e.type === 'guest.switch');
    const work = trace.slice(i + 1, end < 0 ? undefined : end).filter((e) => e.type === 'host.mm.map' || e.type === 'host.mm.unmap' || e.type === 'host.mm.protect');
    const emptying = work.length === 1 && work[0]!.type === 'host.mm.unmap' && classifyRange(work[0]!.start, work[0]!.pages) === 'user-whole';
    if (work.length > 0 && !emptying) throw new Violation(`multi-as made ${work.length} mapping call(s) in one guest switch (event #${i}): ${work.map((e) => e.type).join(', ')}`);
    if (emptying) emptyings++;
  });
  const bound = definitions.size - 1 + exits;
  if (emptyings > bound) throw new Violation(`multi-as emptied the guest user region ${emptyings} times for ${definitions.size - 1} new definition(s) and ${exits} exited process(es): mapping work per switch`);
}

/** The cost-claims property. */
export const costClaims = scenarioProperty({
  name: 'cost-claims',
  group: 'cost',
  description: "Each optimization removes the host operations it targets and never raises that counter class above its axis's baseline; a subject's own claims hold.",
  notApplicable: (subject) => (isStubVariant(subject.variant) && (subject.claims ?? []).length === 0
    ? "skas0 is outside the paper's lattice: it makes none of the paper's cost claims, and this subject states none of its own"
    : undefined),
  judge: (subject: Subject, scenario) => {
    const result = finished(runScenario(subject, scenario));
    absoluteClaims(subject.variant, result);
    for (const axis of optimizedAxes(subject.variant)) {
      const target = TARGETS[axis];
      const baseline = finished(runScenario(variantSubject({ ...subject.variant, ...target.baseline }), scenario)).counters;
      for (const [name, measure] of Object.entries(target.measures)) {
        if (measure(result.counters) > measure(baseline)) {
          throw new Violation(`${name}: ${measure(result.counters)} under ${subject.name}, more than ${measure(baseline)} under its ${axis} baseline`);
        }
      }
    }
    checkDeclaredClaims(subject, scenario, result);
  },
});
