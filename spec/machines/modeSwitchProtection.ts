/**
 * The shape every protection machine shares (paper §4.2): the guest kernel
 * region is reachable in guest kernel mode and must be unreachable whenever
 * guest user code runs. A *lift* makes it reachable before the guest kernel
 * handles an entry; a *protect* makes it unreachable again, and only then may
 * the guest return to user mode. The choices differ in which host operation
 * lifts and protects, and in how the machine is set up at boot.
 */
import { setup } from 'xstate';
import { symbolOf, type EventSymbol } from '../alphabet.ts';
import type { SpecEvent, SpecEventType } from '../types.ts';

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
}

/** The event types every protection machine constrains. */
export const PROTECTION_ALPHABET: readonly SpecEventType[] = [
  'vmm.start', 'host.mm.map', 'host.mm.unmap', 'host.mm.protect', 'host.segment.set', 'host.ring.set',
  'guest.syscall', 'guest.interrupt', 'guest.fault', 'guest.return', 'guest.idle',
];

const onOperation = (operation: HostOperation, target: string) => ({
  [operation.type]: { guard: { type: 'symbolIs', params: { symbol: operation.symbol } }, target },
});

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
  return setup({
    types: { events: {} as SpecEvent },
    guards: {
      /** The event's symbol is exactly `symbol`. */
      symbolIs: ({ event }, params: { symbol: EventSymbol }) => symbolOf(event) === params.symbol,
      /** A mapping operation inside the guest user region: not this machine's concern. */
      userRange: ({ event }) => /:user-(whole|part)(:|$)/.test(symbolOf(event)),
    },
    actions: {
      /** The event is outside this machine's concern; nothing changes. */
      ignore: () => undefined,
    },
  }).createMachine({
    id,
    initial: 'boot',
    on: { 'host.mm.map': ignoreUserRange, 'host.mm.unmap': ignoreUserRange, 'host.mm.protect': ignoreUserRange },
    states: {
      boot: { description: 'The VMM sets up the guest kernel region.', initial: boot[0]?.name ?? 'ready', states: bootStates(id, boot) },
      user: {
        description: 'Guest user mode: the guest kernel region is unreachable.',
        on: onOperation(lift, 'lifted'),
      },
      lifted: {
        description: 'The region was made reachable for the guest kernel, which has not started handling yet.',
        on: { 'guest.syscall': '#' + id + '.kernel.open', 'guest.interrupt': '#' + id + '.kernel.open', 'guest.fault': '#' + id + '.kernel.open' },
      },
      kernel: {
        description: 'Guest kernel mode.',
        initial: 'open',
        states: {
          open: {
            description: 'The guest kernel region is reachable.',
            on: { ...onOperation(protect, 'closed'), 'guest.fault': 'open' },
          },
          closed: {
            description: 'The region is unreachable again: the guest may return to user mode.',
            on: { ...onOperation(lift, 'open'), 'guest.return': '#' + id + '.user', 'guest.idle': '#' + id + '.user' },
          },
        },
      },
    },
  });
}
