/**
 * Refinement (issue 12, DESIGN.md "Properties"): an abstraction function maps
 * the emulator's concrete state (guest kernel mode and process table, the
 * live address-space definition, segment limit, ring, TLB, page tables and
 * host areas; impl/integrity/abstractState.ts) onto the spec's state, and
 * after every traced event it must agree with the state the spec reached:
 * the guest CPU's mode where a guest event sets it, its live processes and
 * current process, the live address space of multi-as, and whether the guest
 * kernel region is reachable where the protection machine says it is (or is
 * not; under real skas0's separate kernel: never from a stub resumed into
 * guest code). A trace that tells the truth about events but not about state
 * is caught here, not by conformance. It is judged from the emulator's state on
 * its own (issue 24): up to the first event the spec rejects, which is left to
 * conformance, so the two catch different mistakes.
 */
import type { AbstractState } from '../impl/index.ts';
import { briefEvent, initial, step, type SpecEvent, type SpecState } from '../spec/index.ts';
import type { AbstractSnapshot } from './abstractSnapshots.ts';
import { finished, runScenario, scenarioProperty, Violation } from './scenarioProperty.ts';

/** The guest CPU mode a guest event leaves the guest in. */
const MODE_AFTER: Readonly<Partial<Record<SpecEvent['type'], { readonly spec: string; readonly emulator: AbstractState['mode'] }>>> = {
  'guest.syscall': { spec: 'kernel', emulator: 'kernel' },
  'guest.interrupt': { spec: 'kernel', emulator: 'kernel' },
  'guest.fault': { spec: 'kernel', emulator: 'kernel' },
  'guest.return': { spec: 'user', emulator: 'user' },
  'guest.halt': { spec: 'halted', emulator: 'halted' },
};

/** Where the protection machine says the guest kernel region must be reachable (true) or not (false). */
const REACHABLE_IN: Readonly<Record<string, boolean>> = { user: false, 'kernel.closed': false, lifted: true, 'kernel.open': true };

/** The separate-kernel protection's one state (real skas0): the guest kernel lives in the VMM's process, never in a stub. */
const SEPARATE_KERNEL = 'apart';

/**
 * Under a separate kernel, guest code runs in a stub, which must not reach the guest kernel region: checked where a
 * stub is resumed into guest code (the VMM's own process, which holds the kernel, runs everywhere else).
 */
const unreachableInStub = (event: SpecEvent): boolean | undefined => (event.type === 'host.stub.resume' && event.how === 'sysemu' ? false : undefined);

interface CpuContext {
  readonly exact?: boolean;
  readonly current?: number;
  readonly live?: readonly number[];
}

/** Where the machines the mapping reads sit in a spec's state (-1: absent). */
interface Layout {
  readonly cpu: number;
  readonly protection: number;
  readonly spaces: number;
}

const layouts = new WeakMap<SpecState['spec'], Layout>();

function layoutOf(spec: SpecState['spec']): Layout {
  let layout = layouts.get(spec);
  if (layout === undefined) {
    const names = spec.machines.map((m) => m.name);
    layout = { cpu: names.indexOf('guest-cpu'), protection: names.findIndex((n) => n.startsWith('protection/')), spaces: names.indexOf('address-spaces/multi-as') };
    layouts.set(spec, layout);
  }
  return layout;
}

const stateName = (state: SpecState, m: number): string | undefined => (m < 0 ? undefined : state.spec.machines[m]!.stateNames[state.states[m]!]);

/** The first disagreement between the spec's state and the abstraction after `event`, or undefined. */
function disagreement(state: SpecState, event: SpecEvent, snapshot: AbstractSnapshot): string | undefined {
  const layout = layoutOf(state.spec);
  const mode = MODE_AFTER[event.type];
  const cpuState = stateName(state, layout.cpu);
  if (mode !== undefined && (cpuState !== mode.spec || snapshot.mode !== mode.emulator)) {
    return `after ${event.type} the spec's guest CPU is ${cpuState} and the emulator's guest is in ${snapshot.mode} mode`;
  }
  const cpu = (layout.cpu < 0 ? undefined : state.contexts[layout.cpu]) as CpuContext | undefined;
  if (cpu?.exact === true && snapshot.live !== undefined) {
    const live = [...(cpu.live ?? [])].sort((a, b) => a - b).join(',');
    if (live !== snapshot.live) return `the spec's live processes are [${live}], the emulator's [${snapshot.live}]`;
    if (event.type === 'guest.return' && cpu.current !== snapshot.current) return `the spec's current process is ${cpu.current}, the emulator's ${snapshot.current}`;
  }
  const spaces = (layout.spaces < 0 ? undefined : state.contexts[layout.spaces]) as { readonly liveAsid?: number } | undefined;
  if (spaces?.liveAsid !== undefined && spaces.liveAsid !== snapshot.liveAsid) {
    return `the spec's live address space is ${spaces.liveAsid}, the emulator's ${snapshot.liveAsid}`;
  }
  if (snapshot.reachable === undefined) return undefined;
  const protection = stateName(state, layout.protection);
  const expected = protection === undefined ? undefined : protection === SEPARATE_KERNEL ? unreachableInStub(event) : REACHABLE_IN[protection];
  if (expected !== undefined && snapshot.reachable !== expected) {
    return `${state.spec.machines[layout.protection]!.name} is in ${protection}, but the guest kernel region is ${snapshot.reachable ? '' : 'not '}reachable at the CPU's ring and segment limit`;
  }
  return undefined;
}

/** The refinement property. */
export const refinement = scenarioProperty({
  name: 'refinement',
  group: 'conformance',
  description: "After every traced event, the abstraction of the emulator's state (mode, processes, live address space, reachability of the guest kernel region) agrees with the spec's state.",
  judge: (subject, scenario) => {
    const outcome = runScenario(subject, scenario);
    const result = finished(outcome);
    const snapshots = outcome.ok ? outcome.abstraction : undefined;
    if (snapshots === undefined || snapshots.length !== result.trace.length) throw new Violation(`${snapshots?.length ?? 0} abstractions recorded for ${result.trace.length} events`);
    let state = initial(subject.spec);
    result.trace.some((event, i) => {
      const next = step(state, event);
      // A rejected event is conformance's to report: refinement judges the state up to it, so it catches what conformance does not.
      if (!next.ok) return true;
      state = next.state;
      const snapshot = snapshots.at(i);
      const wrong = snapshot === undefined ? undefined : disagreement(state, event, snapshot);
      if (wrong !== undefined) throw new Violation(`event #${i} ${briefEvent(event)}: ${wrong}`);
      return false;
    });
  },
});
