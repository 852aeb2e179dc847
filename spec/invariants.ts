/**
 * Invariants of the composed spec, checked by exploration in every state it
 * reaches (as TLC checks a TLA+ spec's invariants): properties no sequence of
 * accepted events may break, stated over the machines' states and data, not
 * over traces. If one fails, the machines accept a path that is wrong.
 */
import type { StateInvariant } from './explore.ts';
import type { SpaceContext } from './machines/addressSpaceRelations.ts';
import type { CpuContext } from './machines/cpuRelations.ts';
import { MAX_ADDRESS_SPACES } from './machines/addressSpaceRelations.ts';
import type { SpecState } from './stepper.ts';

function part(state: SpecState, axis: string): { readonly name: string; readonly context: unknown } | undefined {
  const m = state.spec.components.findIndex((c) => c.axis === axis);
  if (m < 0) return undefined;
  return { name: state.spec.machines[m]!.stateNames[state.states[m]!]!, context: state.contexts[m] };
}

/** The invariants every variant's spec keeps. */
export const SPEC_INVARIANTS: readonly StateInvariant[] = [
  {
    name: 'user-code-runs-protected',
    description: 'whenever guest application code runs (guest CPU in user mode, mediation in its app state), the guest kernel region is protected',
    holds: (state) => {
      const cpu = part(state, 'cpu');
      const mediation = part(state, 'mediation');
      const protection = part(state, 'protection');
      if (cpu?.name !== 'user' || mediation?.name !== 'app' || protection === undefined) return true;
      return protection.name === 'user';
    },
  },
  {
    name: 'address-spaces-injective',
    description: 'no two processes are bound to the same address space, and every bound space is one of the 1024',
    holds: (state) => {
      const context = part(state, 'address-spaces')?.context as SpaceContext | undefined;
      if (context?.binding === undefined) return true;
      const spaces = context.binding.map(([, asid]) => asid);
      return new Set(spaces).size === spaces.length && spaces.every((asid) => asid < MAX_ADDRESS_SPACES);
    },
  },
  {
    name: 'current-process-known',
    description: 'the process returned to user mode is live',
    holds: (state) => {
      const cpu = part(state, 'cpu');
      const context = cpu?.context as CpuContext | undefined;
      if (cpu?.name !== 'user' || context?.live === undefined) return true;
      return context.live.includes(context.current);
    },
  },
];
