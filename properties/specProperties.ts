/**
 * Properties of the specification itself, per variant: the paper's paths are
 * accepted, their single-step corruptions are refused, and the compiled
 * stepper agrees with XState on random walks. They hold without the emulator
 * and guard the spec that every other check leans on.
 */
import fc from 'fast-check';
import {
  acceptedSymbols, bootToUser, nullSyscall, PAPER_PATHS, referenceInitial, referenceStep, run, specOf, step, initial,
  symbolOf, variantComponents, REPRESENTATIVES, representativesOf, stateName, type SpecEvent, type Variant,
} from '../spec/index.ts';
import { specEventArbitrary } from './arbitraries/specEventArbitrary.ts';
import { fastCheckVerdict } from './fastCheckVerdict.ts';
import type { VmspecProperty } from './property.ts';
import type { Subject } from './subject.ts';

/** Spec properties speak of the variants' own specs, not of mutants or plug-ins. */
const isPlainVariant = (subject: Subject): boolean => subject.parts === undefined;

/** The paper's paths (boot, null syscall, interrupt, fault, switch, forbidden access) are accepted. */
export const specPaperPaths: VmspecProperty = {
  name: 'spec-paper-paths',
  description: "The variant's spec accepts each of the paper's paths written out as events.",
  group: 'spec',
  appliesTo: isPlainVariant,
  check: ({ subject }) => {
    const { variant } = subject;
    for (const [name, path] of Object.entries(PAPER_PATHS)) {
      const result = run(subject.spec, path(variant));
      if (!result.ok) {
        const { machine, state, event } = result.rejection;
        return { ok: false, runs: 1, counterexample: `${name}: event #${result.index} ${JSON.stringify(event)}`, seed: 0, path: undefined, error: `rejected by ${machine} in ${state}` };
      }
    }
    return { ok: true, runs: Object.keys(PAPER_PATHS).length };
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
  appliesTo: isPlainVariant,
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

const referenceOptions = new Map<string, readonly string[]>();

/** XState's own product of the variant's machines, stepped one event at a time: the reference for the compiled stepper. */
function referenceProduct(variant: Variant) {
  const components = variantComponents(variant);
  const snapshots = components.map((c) => referenceInitial(c.machine));
  return {
    step(event: SpecEvent): boolean {
      const listeners = components.flatMap((c, i) => (c.alphabet.includes(event.type) ? [i] : []));
      const next = listeners.map((i) => referenceStep(components[i]!.machine, snapshots[i]!, event));
      if (listeners.length === 0 || next.some((s) => s === undefined)) return false;
      listeners.forEach((i, j) => (snapshots[i] = next[j]!));
      return true;
    },
    /** The symbols XState says some machine accepts now (memoized per machine state). */
    options(): readonly string[] {
      return components.flatMap((c, i) => {
        const snapshot = snapshots[i]!;
        const key = `${c.name}|${stateName(snapshot.value)}`;
        let symbols = referenceOptions.get(key);
        if (symbols === undefined) {
          symbols = representativesOf(c.alphabet).filter((e) => referenceStep(c.machine, snapshot, e) !== undefined).map(symbolOf);
          referenceOptions.set(key, symbols);
        }
        return symbols;
      });
    },
  };
}

const REPRESENTATIVE_OF = new Map(Object.values(REPRESENTATIVES).flat().map((e) => [symbolOf(e), e] as const));

type WalkChoice = readonly [number, SpecEvent];

/** Walks `choices` through both steppers; returns the events tried and where (if anywhere) they disagreed. */
function agreementWalk(variant: Variant, choices: readonly WalkChoice[]): { tried: SpecEvent[]; disagreement: number | undefined } {
  const spec = specOf(variant);
  const reference = referenceProduct(variant);
  let state = initial(variant);
  const tried: SpecEvent[] = [];
  for (const [pick, random] of choices) {
    // Mostly follow a symbol either side accepts (to go deep, and into transitions a broken table lost);
    // every 8th step try a random concrete event.
    const options = [...spec.machines.flatMap((m, i) => acceptedSymbols(m, state.states[i]!)), ...reference.options()];
    const guided = pick % 8 !== 0 && options.length > 0 ? REPRESENTATIVE_OF.get(options[pick % options.length]!) : undefined;
    const event = guided ?? random;
    tried.push(event);
    const result = step(state, event);
    if (result.ok !== reference.step(event)) return { tried, disagreement: tried.length - 1 };
    if (result.ok) state = result.state;
  }
  return { tried, disagreement: undefined };
}

/** Random walks: at every step the compiled stepper and the XState machines give the same verdict. */
export const specCompiledAgrees: VmspecProperty = {
  name: 'spec-compiled-agrees',
  description: 'On random walks the compiled stepper accepts exactly the events the XState machines accept.',
  group: 'spec',
  appliesTo: isPlainVariant,
  check: (runConfig) => {
    const { variant } = runConfig.subject;
    const walkStep = fc.tuple(fc.nat(), specEventArbitrary);
    return fastCheckVerdict(
      fc.property(fc.array(walkStep, { minLength: 1, maxLength: 150, size: 'max' }), (choices) => agreementWalk(variant, choices).disagreement === undefined),
      runConfig,
      ([choices]) => {
        const { tried, disagreement } = agreementWalk(variant, choices);
        return `the steppers disagree on event #${disagreement} of ${JSON.stringify(tried)}`;
      },
    );
  },
};
