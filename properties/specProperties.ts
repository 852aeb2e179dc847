/**
 * Properties of the specification itself, per variant: the paper's paths are
 * accepted, their single-step corruptions are refused, and the compiled
 * stepper agrees with XState on random walks. They hold without the emulator
 * and guard the spec that every other check leans on.
 */
import fc from 'fast-check';
import {
  bootToUser, candidateEvents, isStubVariant, nullSyscall, PAPER_PATHS, referenceInitial, referenceStep, run, step, initial,
  SECCOMP_STUB_PATHS, STUB_PATHS, variantComponents, stateName, type SpecEvent, type Variant,
} from '../spec/index.ts';
import { specEventArbitrary } from './arbitraries/specEventArbitrary.ts';
import { fastCheckVerdict } from './fastCheckVerdict.ts';
import type { VmspecProperty } from './property.ts';
import type { Subject } from './subject.ts';

/** Spec properties speak of the variants' own specs, not of mutants or plug-ins. */
const notPlainVariant = (subject: Subject): string | undefined =>
  subject.parts === undefined ? undefined : "its VMM's parts are replaced, not its variant's spec: the spec is checked by vmspec check on the variant";

/** The paths written out for `variant`: the paper's, or real skas0's as observed (it is outside the paper's lattice). */
const pathsOf = (variant: Variant): Readonly<Record<string, () => readonly SpecEvent[]>> =>
  variant.mediation === 'seccomp-stub' ? SECCOMP_STUB_PATHS : isStubVariant(variant) ? STUB_PATHS : Object.fromEntries(Object.entries(PAPER_PATHS).map(([name, path]) => [name, () => path(variant)]));

/** The paper's paths (boot, null syscall, interrupt, fault, switch, forbidden access) are accepted; skas0's own paths under skas0. */
export const specPaperPaths: VmspecProperty = {
  name: 'spec-paper-paths',
  description: "The variant's spec accepts each of the paper's paths written out as events (skas0: its observed paths).",
  group: 'spec',
  notApplicable: notPlainVariant,
  check: ({ subject }) => {
    const paths = pathsOf(subject.variant);
    for (const [name, path] of Object.entries(paths)) {
      const result = run(subject.spec, path());
      if (!result.ok) {
        const { machine, state, event } = result.rejection;
        return { ok: false, runs: 1, counterexample: `${name}: event #${result.index} ${JSON.stringify(event)}`, seed: 0, path: undefined, error: `rejected by ${machine} in ${state}` };
      }
    }
    return { ok: true, runs: Object.keys(paths).length };
  },
};

type Mutation = { readonly kind: 'delete' | 'duplicate' | 'swap'; readonly at: number };

function mutate(events: readonly SpecEvent[], { kind, at }: Mutation): SpecEvent[] | undefined {
  switch (kind) {
    case 'delete':
      return at < events.length - 1 ? events.filter((_, i) => i !== at) : undefined;
    case 'duplicate':
      return [...events.slice(0, at + 1), ...events.slice(at)];
    case 'swap': {
      if (at >= events.length - 1 || JSON.stringify(events[at]) === JSON.stringify(events[at + 1])) return undefined;
      const out = [...events];
      [out[at], out[at + 1]] = [out[at + 1]!, out[at]!];
      return out;
    }
  }
}

/** Deleting, repeating or swapping one step of the null syscall is refused. */
export const specNullSyscallIsRigid: VmspecProperty = {
  name: 'spec-null-syscall-rigid',
  description: 'Any single deleted, repeated or swapped event of the null syscall path is rejected.',
  group: 'spec',
  slow: true,
  notApplicable: (subject) => notPlainVariant(subject)
    ?? (isStubVariant(subject.variant) ? "the paper's null syscall path is not skas0's: its paths are checked by spec-paper-paths" : undefined),
  check: (runConfig) => {
    const { variant } = runConfig.subject;
    const events = nullSyscall(variant);
    const start = bootToUser(variant).length;
    const mutation = fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const), at: fc.integer({ min: start, max: events.length - 1 }) });
    return fastCheckVerdict(
      fc.property(mutation, (m) => {
        const mutated = mutate(events, m);
        return mutated === undefined || !run(variant, mutated).ok;
      }),
      runConfig,
      ([m]) => `${m.kind} event #${m.at} (${events[m.at]?.type}) of the null syscall`,
    );
  },
};

/** XState's own product of the variant's machines, stepped one event at a time: the reference for the compiled stepper. */
function referenceProduct(variant: Variant) {
  const components = variantComponents(variant);
  const snapshots = components.map((c) => referenceInitial(c.machine, { version: 2 }));
  return {
    step(event: SpecEvent): boolean {
      const listeners = components.flatMap((c, i) => (c.alphabet.includes(event.type) ? [i] : []));
      const next = listeners.map((i) => referenceStep(components[i]!.machine, snapshots[i]!, event));
      if (listeners.length === 0 || next.some((s) => s === undefined)) return false;
      listeners.forEach((i, j) => (snapshots[i] = next[j]!));
      return true;
    },
    /** Each machine's state and data, as XState has them. */
    describe: (): string => JSON.stringify(snapshots.map((s) => [stateName(s.value), s.context])),
  };
}

type WalkChoice = readonly [number, SpecEvent];

/** Walks `choices` through both steppers; returns the events tried and where (if anywhere) they disagreed, in verdict, state or data. */
function agreementWalk(variant: Variant, choices: readonly WalkChoice[]): { tried: SpecEvent[]; disagreement: number | undefined } {
  const reference = referenceProduct(variant);
  let state = initial(variant);
  const tried: SpecEvent[] = [];
  for (const [pick, random] of choices) {
    // Mostly follow an event the spec accepts (to go deep); every 8th step try a random concrete event.
    let event = random;
    if (pick % 8 !== 0) {
      const options = candidateEvents(state);
      for (let k = 0; k < 8; k++) {
        const option = options[(pick * 31 + k * 7919) % options.length]!;
        if (step(state, option).ok) {
          event = option;
          break;
        }
      }
    }
    tried.push(event);
    const result = step(state, event);
    if (result.ok !== reference.step(event)) return { tried, disagreement: tried.length - 1 };
    if (result.ok) {
      state = result.state;
      const mine = JSON.stringify(state.spec.machines.map((m, i) => [m.stateNames[state.states[i]!], state.contexts[i]]));
      if (mine !== reference.describe()) return { tried, disagreement: tried.length - 1 };
    }
  }
  return { tried, disagreement: undefined };
}

/** Random walks: at every step the compiled stepper and the XState machines give the same verdict. */
export const specCompiledAgrees: VmspecProperty = {
  name: 'spec-compiled-agrees',
  description: 'On random walks the compiled stepper accepts exactly the events the XState machines accept.',
  group: 'spec',
  slow: true,
  notApplicable: notPlainVariant,
  check: (runConfig) => {
    const { variant } = runConfig.subject;
    const walkStep = fc.tuple(fc.nat(), specEventArbitrary);
    return fastCheckVerdict(
      fc.property(fc.array(walkStep, { minLength: 1, maxLength: 60, size: 'max' }), (choices) => agreementWalk(variant, choices).disagreement === undefined),
      runConfig,
      ([choices]) => {
        const { tried, disagreement } = agreementWalk(variant, choices);
        return `the steppers disagree on event #${disagreement} of ${JSON.stringify(tried)}`;
      },
    );
  },
};
