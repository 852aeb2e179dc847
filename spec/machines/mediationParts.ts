/**
 * Effect windows and the guest-kernel and application states shared by the
 * mediation machines (and by plug-ins' mediation fragments). An *effect
 * window* is a state in which host effects (mapping, protection, segment,
 * ring, address-space changes) may happen: effects anywhere else are
 * rejected, which pins down where in the syscall path the protection work is
 * done. Inside a host call of the guest kernel, only the call's own effect is.
 */
import { setup } from 'xstate';
import { asActions } from '../relations/updates.ts';
import type { SpecEvent, SpecEventType } from '../types.ts';
import {
  initialMediationContext, mediationExplanations, mediationGuards as relationGuards, mediationUpdates, type MediationContext,
} from './mediationRelations.ts';

export { HOST_RAISED_SIGNALS, initialMediationContext, mediationUpdates, mediationExplanations, type MediationContext } from './mediationRelations.ts';

/** Effects a syscall makes on the guest-machine process's memory map. */
export const MEMORY_EFFECTS = ['host.mm.map', 'host.mm.unmap', 'host.mm.protect', 'host.as.switch'] as const satisfies readonly SpecEventType[];
/** Effects only the VMM can make: the segment limit and the privilege ring. */
export const REGISTER_EFFECTS = ['host.segment.set', 'host.ring.set'] as const satisfies readonly SpecEventType[];
/** Every host effect. */
export const ALL_EFFECTS = [...MEMORY_EFFECTS, ...REGISTER_EFFECTS] as const;

/** `on` entries that keep state `self` on each effect of `kinds`: the VMM itself acts. */
export function effectsWindow<const S extends string>(self: S, kinds: readonly SpecEventType[]): Record<string, S> {
  return Object.fromEntries(kinds.map((kind) => [kind, self]));
}

/** `on` entries that keep state `self` on the effect the host call in flight makes (mmap maps, mprotect protects, …). */
export function callEffectsWindow<const S extends string>(self: S) {
  return Object.fromEntries(MEMORY_EFFECTS.map((kind) => [kind, { guard: 'effectOfCall', target: self }])) as Record<
    (typeof MEMORY_EFFECTS)[number], { readonly guard: 'effectOfCall'; readonly target: S }
  >;
}

type Args = { context: MediationContext; event: SpecEvent };

/** The guards of the mediation machines. */
export const mediationGuards = {
  ...relationGuards,
  /** The guest kernel's sigreturn, once it has taken its entry. */
  sigreturnCall: (args: Args) => relationGuards.syscallIs(args, { nr: 'sigreturn' }) && relationGuards.settled(args),
  /** A failed access by the guest kernel at work (after it took its entry). */
  kernelFailedAccess: (args: Args) => relationGuards.failedAccess(args) && relationGuards.entryTaken(args),
  /** A host call of the guest kernel other than sigreturn. */
  otherHostCall: ({ event }: Args) => event.type === 'host.syscall.enter' && event.nr !== 'sigreturn',
};

/** The updates of the mediation machines, as XState actions. */
export const mediationActions = asActions(mediationUpdates);

/**
 * XState's `setup` for a mediation machine: its events, data, guards and
 * updates. Plug-ins build their own mediation fragment with it.
 */
export const mediationSetup = setup({
  types: { events: {} as SpecEvent, context: {} as MediationContext },
  guards: mediationGuards,
  actions: mediationActions,
});

/** The mediation's data at boot, as a machine's `context`. */
export const mediationContext = (): MediationContext => initialMediationContext();

/** What the mediation machines listen to. */
export const MEDIATION_ALPHABET: readonly SpecEventType[] = [
  'vmm.start', 'host.syscall.enter', 'host.syscall.exit', 'host.ptrace.stop', 'host.ptrace.resume', 'host.ctxswitch',
  'host.signal.send', 'host.signal.deliver', 'host.signal.return', ...ALL_EFFECTS,
  'vmm.intercept', 'vmm.rewrite', 'vmm.allow', 'vmm.deny', 'vmm.forward',
  'guest.access', 'guest.syscall', 'guest.interrupt', 'guest.fault', 'guest.switch', 'guest.return', 'guest.idle', 'guest.halt',
  'guest.spawn', 'guest.exit',
];

/** Explanations of the mediation guards, for a component's `explanations`. */
export const MEDIATION_EXPLANATIONS = mediationExplanations;

const kernelWork = { guard: 'entryTaken', target: 'running' } as const;
const entry = { guard: 'entryMatches', target: 'running', actions: 'takeEntry' } as const;

/**
 * The state in which the guest kernel runs inside the handler, shared by the
 * mediations: it first takes the entry its signal calls for, then works (or
 * faults on its own), makes host calls, returns with sigreturn, or halts.
 */
export function guestKernelRunning<const Id extends string>(machineId: Id) {
  return {
    on: {
      'host.syscall.enter': [
        { guard: 'sigreturnCall', target: 'sigreturn', actions: 'startCall' },
        { guard: 'otherHostCall', target: 'hostcall', actions: 'startCall' },
      ],
      'guest.access': [{ guard: 'kernelFailedAccess', target: 'running', actions: 'noteFailure' }, kernelWork],
      'guest.syscall': entry,
      'guest.interrupt': entry,
      'guest.fault': [entry, { guard: 'ownFault', target: 'running', actions: 'takeFault' }],
      'guest.switch': kernelWork,
      'guest.spawn': kernelWork,
      'guest.exit': kernelWork,
      'guest.halt': { guard: 'settled', target: `#${machineId}.halted` },
    },
  } as const;
}

/** The state in which guest application code runs: its syscalls trap, host-raised signals interrupt it. */
export const guestAppRunning = {
  description: 'Guest application code runs in the guest-machine process.',
  on: {
    'guest.access': [{ guard: 'failedAccess', target: 'app', actions: 'noteFailure' }, { target: 'app' }],
    'host.syscall.enter': { guard: 'notFaulted', target: 'trap', actions: 'trapCall' },
    'host.signal.send': { guard: 'raisedSignal', target: 'irq', actions: 'sendSignal' },
  },
} as const;
