/**
 * Compiles an XState machine into control tables plus the machine's own guard
 * and update functions. The control structure (leaf states, the ordered
 * candidate transitions of each leaf for each event type, their targets) is
 * read off XState's state nodes; guards and updates are not rewritten but
 * taken from the machine's implementations (`assign(f).assignment` is `f`),
 * so the table stepper and XState apply one definition. XState stays the
 * reference: `referenceStep` is its pure `transition()`, and the tests check
 * that both agree, state and context, event by event.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type AnyStateNode, type StateValue } from 'xstate';
import { EVENT_TYPES } from './alphabet.ts';
import type { SpecComponent } from './components.ts';
import type { SpecEvent, SpecEventType } from './types.ts';
import type { Why } from './relations/explain.ts';

/** The index of each event type in `EVENT_TYPES`. */
export const TYPE_INDEX: ReadonlyMap<string, number> = new Map(EVENT_TYPES.map((type, index) => [type, index]));
/** How many event types there are: the width of a candidate table. */
export const TYPE_COUNT = EVENT_TYPES.length;

/** A candidate target marker: the transition has no target, the state stays. */
export const STAY = -1;

type Fn = (args: { context: unknown; event: SpecEvent }, params: unknown) => unknown;

/** A named guard or update with its static params. */
export interface Callable {
  readonly name: string;
  readonly fn: Fn;
  readonly params: unknown;
}

/** One transition a state may take on an event type, in XState's order of preference. */
export interface Candidate {
  readonly guard: Callable | undefined;
  /** Leaf state number, or `STAY`. */
  readonly target: number;
  readonly updates: readonly Callable[];
  /** The state node it is declared on (`kernel.hostcall`), for reports. */
  readonly source: string;
}

/** A machine compiled to control tables. */
export interface CompiledMachine {
  readonly name: string;
  /** Leaf state names (`kernel.hostcall.executing`), indexed by state number. */
  readonly stateNames: readonly string[];
  readonly initial: number;
  /** The machine's context at start for a given input, as XState computes it. */
  readonly initialContext: (input: unknown) => unknown;
  /** Which event types (by `TYPE_INDEX`) this machine constrains. */
  readonly listens: readonly boolean[];
  /** `candidates[state * TYPE_COUNT + type]`: the transitions to try in order; empty: the state refuses the type. */
  readonly candidates: readonly (readonly Candidate[])[];
  /** True for the top-level final states, which take no event. */
  readonly final: readonly boolean[];
  /** Why guard `name` said no, when the machine explains it. */
  readonly explain: (name: string, args: { context: unknown; event: SpecEvent }, params: unknown) => Why | undefined;
}

/** The dotted name of a (non-parallel) state value. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value)[0] ?? ['?', '?'];
  return inner === undefined ? key : `${key}.${stateName(inner)}`;
}

/** The state value of a dotted state name: the inverse of `stateName`. */
export function stateValueOf(name: string): StateValue {
  const [head, ...rest] = name.split('.');
  return rest.length === 0 ? head! : { [head!]: stateValueOf(rest.join('.')) };
}

/** XState's own verdict: may `snapshot` take `event`, and where to. The slow reference the tables are checked against. */
export function referenceStep(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: SpecEvent): AnyMachineSnapshot | undefined {
  if (snapshot.status !== 'active' || !snapshot.can(event)) return undefined;
  return transition(machine, snapshot, event)[0];
}

/** XState's initial snapshot of `machine` for `input`. */
export function referenceInitial(machine: AnyStateMachine, input?: unknown): AnyMachineSnapshot {
  return initialTransition(machine, input)[0];
}

/** Why a machine cannot be compiled: it uses a feature the table stepper does not reproduce. */
export class UncompilableMachine extends Error {}

const children = (node: AnyStateNode): AnyStateNode[] => Object.values(node.states) as AnyStateNode[];

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...children(node).flatMap(allNodes)];
}

function checkNode(node: AnyStateNode): void {
  const at = `state '${node.path.join('.') || '(root)'}'`;
  if (node.type === 'parallel' || node.type === 'history') throw new UncompilableMachine(`${at} is a ${node.type} state`);
  if (node.entry.length > 0 || node.exit.length > 0) throw new UncompilableMachine(`${at} has entry or exit actions`);
  if ((node.always?.length ?? 0) > 0 || node.after.length > 0 || node.invoke.length > 0) {
    throw new UncompilableMachine(`${at} has eventless, delayed or invoked transitions`);
  }
  for (const descriptor of node.transitions.keys()) {
    if (descriptor.includes('*')) throw new UncompilableMachine(`${at} has a wildcard transition '${descriptor}'`);
  }
  if (node.initial !== undefined && node.initial.actions.length > 0) throw new UncompilableMachine(`${at} has initial actions`);
}

/** The leaf a transition into `node` ends in. */
function leafOf(node: AnyStateNode): AnyStateNode {
  if (node.type === 'atomic' || node.type === 'final') return node;
  const target = node.initial?.target;
  if (target === undefined || target.length !== 1) throw new UncompilableMachine(`state '${node.path.join('.')}' has no single initial state`);
  return leafOf(target[0]!);
}

const keepContext: Fn = () => ({});

function callable(kind: 'guard' | 'action', ref: unknown, implementations: Readonly<Record<string, unknown>>): Callable {
  const named = typeof ref === 'string' ? { type: ref } : ref;
  const name = typeof named === 'object' && named !== null && 'type' in named ? String(named.type) : 'inline';
  const params = typeof named === 'object' && named !== null && 'params' in named ? named.params : undefined;
  if (typeof params === 'function') throw new UncompilableMachine(`${kind} '${name}' has dynamic params`);
  const impl = typeof ref === 'function' ? ref : implementations[name];
  if (typeof impl !== 'function') throw new UncompilableMachine(`${kind} '${name}' is not implemented`);
  if (kind === 'guard') {
    if ('check' in impl) throw new UncompilableMachine(`guard '${name}' is a higher-order guard (and/or/not): name one guard instead`);
    return { name, fn: impl as Fn, params };
  }
  const assignment = (impl as { assignment?: unknown }).assignment;
  if (assignment === undefined && !('resolve' in impl)) return { name, fn: keepContext, params }; // a plain action: XState's pure transition leaves the context as it is
  if (typeof assignment !== 'function') throw new UncompilableMachine(`action '${name}' is neither a plain function nor an assign(function) update`);
  return { name, fn: assignment as Fn, params };
}

/** Compiles `component` from its XState state nodes. */
export function compileMachine(component: SpecComponent): CompiledMachine {
  const { machine, alphabet } = component;
  const nodes = allNodes(machine.root);
  nodes.forEach(checkNode);
  const leaves = nodes.filter((node) => node.type === 'atomic' || node.type === 'final');
  const index = new Map(leaves.map((leaf, i) => [leaf, i]));
  const guards = (machine.implementations.guards ?? {}) as Record<string, unknown>;
  const actions = (machine.implementations.actions ?? {}) as Record<string, unknown>;
  const listens = EVENT_TYPES.map((type) => alphabet.includes(type));
  const final = leaves.map((leaf) => leaf.type === 'final' && leaf.parent === machine.root);
  const candidates: (readonly Candidate[])[] = [];
  for (const [s, leaf] of leaves.entries()) {
    for (const [t, type] of EVENT_TYPES.entries()) {
      const list: Candidate[] = [];
      if (listens[t] && !final[s]) {
        for (let node: AnyStateNode | undefined = leaf; node !== undefined; node = node.parent) {
          for (const def of node.transitions.get(type) ?? []) {
            if (def.target !== undefined && def.target.length > 1) throw new UncompilableMachine(`a transition on '${type}' has several targets`);
            const targetNode = def.target?.[0];
            const target = targetNode === undefined ? STAY : index.get(leafOf(targetNode))!;
            const updates = def.actions.map((action) => callable('action', action, actions));
            if (def.target === undefined && updates.length === 0) {
              throw new UncompilableMachine(`state '${node.path.join('.')}' has an inert transition on '${type}' (no target, no action): XState would not take it`);
            }
            list.push({ guard: def.guard === undefined ? undefined : callable('guard', def.guard, guards), target, updates, source: node.path.join('.') });
          }
        }
      }
      candidates.push(list);
    }
  }
  const root = leafOf(machine.root);
  const explanations = component.explanations ?? {};
  return {
    name: component.name,
    stateNames: leaves.map((leaf) => leaf.path.join('.')),
    initial: index.get(root)!,
    initialContext: (input) => referenceInitial(machine, input).context as unknown,
    listens,
    candidates,
    final,
    explain: (name, args, params) => (explanations[name] as ((a: unknown, p: unknown) => Why | undefined) | undefined)?.(args, params),
  };
}

/** The type index of an event type (-1 for a type outside the vocabulary). */
export function typeIndexOf(type: string): number {
  return TYPE_INDEX.get(type as SpecEventType) ?? -1;
}
