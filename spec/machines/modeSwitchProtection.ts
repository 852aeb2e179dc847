/**
 * The shape every protection machine shares (paper §4.2): the guest kernel
 * region is reachable in guest kernel mode and must be unreachable whenever
 * guest user code runs. A *lift* makes it reachable before the guest kernel
 * handles an entry; a *protect* makes it unreachable again, and only then may
 * the handler return (sigreturn) and the guest return to user mode. The
 * choices differ in which host operation lifts and protects, in how the
 * machine is set up at boot, and in which mappings the guest kernel may make
 * inside its own region (the paper's steps 5-7) without opening it to user
 * code. Closed means closed to the guest kernel too: once the protect has
 * happened, its own successful access to its region is refused until a lift.
 */
import { setup } from 'xstate';
import { symbolOf, type EventSymbol } from '../alphabet.ts';
import { classifyRange, regionOf } from '../layout.ts';
import { because, type GuardArgs, type Why } from '../relations/explain.ts';
import { asActions } from '../relations/updates.ts';
import type { Prot, SpecEvent, SpecEventType } from '../types.ts';

/** A host operation, named by its event type and exact symbol. */
export interface HostOperation {
  readonly type: SpecEventType;
  readonly symbol: EventSymbol;
}

/** One step of the boot set-up: in state `name`, `operation` leads on. */
export interface BootStep {
  readonly name: string;
  readonly description: string;
  readonly operation: HostOperation;
}

/** What makes one protection choice. */
export interface ProtectionDefinition {
  readonly id: string;
  readonly lift: HostOperation;
  readonly protect: HostOperation;
  readonly boot: readonly BootStep[];
  /**
   * The protections a mapping inside the guest kernel region may have when made
   * in kernel mode (default: any), and whether such mappings are safe once the
   * region is closed again (default: no, as under mprotect and munmap, where a
   * new mapping would be open to user code).
   */
  readonly kernelMappings?: { readonly prots?: readonly Prot[]; readonly whenClosed?: boolean };
  /**
   * True when the guest kernel protects with a host call of its own (mprotect,
   * munmap), which it can make only before its sigreturn; a protection the VMM
   * applies (segment, ring) may come after it, on the way back.
   */
  readonly closedBeforeSigreturn?: boolean;
  /**
   * True when the protection lives in each address space's own mappings
   * (mprotect, munmap): under multi-as every space's guest kernel region is
   * protected or not on its own, so `switch-guest` into a space not known to be
   * protected reopens the machine. Segments and rings go with the CPU, not the space.
   */
  readonly perAddressSpace?: boolean;
}

/**
 * The protection machine's data, for per-space protections: the live address
 * space, whether its guest kernel region is protected, and what is known of
 * the others (1 protected, 0 open) as they were left. A space never seen
 * before starts as a copy of the live one, as a new address-space definition does.
 */
export interface ProtectionContext {
  readonly live: number;
  readonly liveClosed: boolean;
  readonly known: readonly (readonly [number, number])[];
}

/** The event types every protection machine constrains. */
export const PROTECTION_ALPHABET: readonly SpecEventType[] = [
  'vmm.start', 'host.mm.map', 'host.mm.unmap', 'host.mm.protect', 'host.segment.set', 'host.ring.set', 'host.signal.return', 'host.syscall.enter',
  'host.as.switch',
  'guest.syscall', 'guest.interrupt', 'guest.fault', 'guest.return', 'guest.idle', 'guest.access',
];

type Args = GuardArgs<ProtectionContext>;

const rangeOf = (event: SpecEvent) =>
  event.type === 'host.mm.map' || event.type === 'host.mm.unmap' || event.type === 'host.mm.protect' ? classifyRange(event.start, event.pages) : undefined;


const protGuards = {
  /** The event's symbol is exactly `symbol`. */
  symbolIs: ({ event }: Args, params: { symbol: EventSymbol }) => symbolOf(event) === params.symbol,
  /** A mapping operation inside the guest user region: not this machine's concern. */
  userRange: ({ event }: Args) => {
    const range = rangeOf(event);
    return range === 'user-whole' || range === 'user-part';
  },
  /** `switch-guest` into an address space whose guest kernel region is protected (as left, or as a copy of the live one). */
  intoClosedSpace: ({ context, event }: Args) => {
    if (event.type !== 'host.as.switch') return false;
    const known = context.known.find(([asid]) => asid === event.asid);
    return known === undefined ? context.liveClosed : known[1] === 1;
  },
  /**
   * Not a successful guest-kernel access to the guest kernel region: with the region closed, the MMU refuses the
   * guest kernel as it refuses user code. Only a trace that tags modes says who made an access (version 2 on);
   * a version-1 access, untagged, passes.
   */
  notIntoClosedRegion: ({ event }: Args) =>
    event.type === 'guest.access' && !(event.mode === 'kernel' && event.outcome === 'ok' && regionOf(event.addr) === 'guest-kernel'),
  /** Any host syscall but sigreturn. */
  notSigreturn: ({ event }: Args) => event.type === 'host.syscall.enter' && event.nr !== 'sigreturn',
  /** A mapping operation on part of the guest kernel region, with a protection that keeps it from user code. */
  kernelPart: ({ event }: Args, params: { prots: readonly Prot[] | null }) =>
    rangeOf(event) === 'kernel-part' && (params.prots === null || event.type === 'host.mm.unmap' || ('prot' in event && params.prots.includes(event.prot))),
};

const protExplanations = {
  notIntoClosedRegion: ({ event }: Args): Why | undefined =>
    event.type === 'guest.access'
      ? because(`a successful guest-kernel ${event.op} of 0x${event.addr.toString(16)} in the guest kernel region, which is closed (protected since the last protect, not lifted again)`)
      : undefined,
  notSigreturn: (): Why => because('the handler returns (sigreturn) while the guest kernel region is still open to user code'),
  kernelPart: ({ event }: Args, params: { prots: readonly Prot[] | null }): Why | undefined =>
    rangeOf(event) === 'kernel-part' && 'prot' in event && params.prots !== null
      ? because(`${event.type} inside the guest kernel region with protection ${event.prot} (allowed: ${params.prots.join(', ')})`)
      : undefined,
};

const protUpdates = {
  /** An operation that leaves the machine's concern as it was. */
  ignore: (): Partial<ProtectionContext> => ({}),
  /** The live space's region is now protected. */
  noteProtected: ({ context }: Args): Partial<ProtectionContext> => (context.liveClosed ? {} : { liveClosed: true }),
  /** The live space's region is now reachable. */
  noteLifted: ({ context }: Args): Partial<ProtectionContext> => (context.liveClosed ? { liveClosed: false } : {}),
  /** `switch-guest`: remember how the space left is, take up how the new one is (a new one: as the live one). */
  switchSpace: ({ context, event }: Args): Partial<ProtectionContext> => {
    if (event.type !== 'host.as.switch') return {};
    const known = context.known.find(([asid]) => asid === event.asid);
    const kept = [...context.known.filter(([asid]) => asid !== context.live && asid !== event.asid), [context.live, context.liveClosed ? 1 : 0] as const]
      .sort((a, b) => a[0] - b[0]);
    return { live: event.asid, liveClosed: known === undefined ? context.liveClosed : known[1] === 1, known: kept };
  },
};

const onOperation = (operation: HostOperation, target: string, actions?: string) => ({
  [operation.type]: { guard: { type: 'symbolIs', params: { symbol: operation.symbol } }, target, ...(actions === undefined ? {} : { actions }) },
});

type On = Record<string, unknown>;

/** `on` maps joined: where several give transitions for one event type, they are tried in the order given. */
function mergeOn(...maps: readonly On[]): On {
  const merged: Record<string, unknown[]> = {};
  for (const map of maps) for (const [type, t] of Object.entries(map)) (merged[type] ??= []).push(...(Array.isArray(t) ? t : [t]));
  return merged;
}

function bootStates(id: string, steps: readonly BootStep[]) {
  const states: Record<string, { description: string; on: Record<string, unknown> }> = {};
  steps.forEach((step, index) => {
    const next = steps[index + 1]?.name ?? 'ready';
    states[step.name] = { description: step.description, on: onOperation(step.operation, next) };
  });
  states['ready'] = { description: 'Set up; the guest kernel may start.', on: { 'vmm.start': `#${id}.kernel.open` } };
  return states;
}

/** Builds the protection machine of one choice. */
export function modeSwitchProtection(definition: ProtectionDefinition) {
  const { id, lift, protect, boot } = definition;
  const ignoreUserRange = { guard: 'userRange', actions: 'ignore' } as const;
  const kernelPart = { guard: { type: 'kernelPart', params: { prots: definition.kernelMappings?.prots ?? null } }, actions: 'ignore' } as const;
  const kernelMappings = { 'host.mm.map': kernelPart, 'host.mm.unmap': kernelPart, 'host.mm.protect': kernelPart };
  const anyCall = { 'host.syscall.enter': { actions: 'ignore' } } as const;
  // Accesses are the CPU's and the address spaces' concern everywhere but in a closed region (below).
  const anyAccess = { 'guest.access': { actions: 'ignore' } } as const;
  const perSpace = definition.perAddressSpace === true;
  const lifted = perSpace ? 'noteLifted' : undefined;
  const protectedNow = perSpace ? 'noteProtected' : undefined;
  // Under per-space protection a switch lands open or closed by what is known of the new space; otherwise it changes nothing here.
  const onSwitch = perSpace
    ? { 'host.as.switch': [{ guard: 'intoClosedSpace', target: 'closed', actions: 'switchSpace' }, { target: 'open', actions: 'switchSpace' }] }
    : { 'host.as.switch': { actions: 'ignore' } };
  const openCall = definition.closedBeforeSigreturn ? { 'host.syscall.enter': { guard: 'notSigreturn', actions: 'ignore' } } as const : anyCall;
  return setup({
    types: { events: {} as SpecEvent, context: {} as ProtectionContext },
    guards: protGuards,
    actions: asActions(protUpdates),
  }).createMachine({
    id,
    initial: 'boot',
    context: { live: 0, liveClosed: false, known: [] },
    on: { 'host.mm.map': ignoreUserRange, 'host.mm.unmap': ignoreUserRange, 'host.mm.protect': ignoreUserRange },
    states: {
      boot: { description: 'The VMM sets up the guest kernel region.', initial: boot[0]?.name ?? 'ready', states: bootStates(id, boot), on: { ...anyCall, ...anyAccess } },
      user: {
        description: 'Guest user mode: the guest kernel region is unreachable.',
        on: { ...onOperation(lift, 'lifted', lifted), ...anyCall, ...anyAccess },
      },
      lifted: {
        description: 'The region was made reachable for the guest kernel, which has not started handling yet.',
        on: {
          'guest.syscall': '#' + id + '.kernel.open', 'guest.interrupt': '#' + id + '.kernel.open', 'guest.fault': '#' + id + '.kernel.open', ...anyCall, ...anyAccess,
        },
      },
      kernel: {
        description: 'Guest kernel mode.',
        initial: 'open',
        states: {
          open: {
            description: 'The guest kernel region is reachable; the guest kernel may map its own pages.',
            on: mergeOn(onOperation(protect, 'closed', protectedNow), kernelMappings, { 'guest.fault': 'open' }, openCall, onSwitch, anyAccess),
          },
          closed: {
            description: 'The region is unreachable again: the handler may return and the guest go back to user mode.',
            on: mergeOn(onOperation(lift, 'open', lifted), definition.kernelMappings?.whenClosed ? kernelMappings : {}, anyCall, onSwitch, {
              'guest.access': { guard: 'notIntoClosedRegion', actions: 'ignore' },
              'host.signal.return': 'closed',
              'guest.return': '#' + id + '.user',
              'guest.idle': '#' + id + '.user',
            }),
          },
        },
      },
    },
  });
}

/** Explanations of the protection guards, for a component's `explanations`. */
export const PROTECTION_EXPLANATIONS = protExplanations;
