/**
 * The two address-space choices (paper §3 and §4.3). With `remap` the one host
 * address space holds the current guest process's pages only: a guest process
 * switch must first unmap the whole guest user region, and the new process's
 * pages come back one fault at a time (an access to a page not mapped again is
 * refused). With `multi-as` the host keeps one address-space definition per
 * guest process and `switch-guest` selects the live one: a switch needs that
 * call and no mapping work, each process keeps its own definition, and `remap`
 * never makes the call.
 */
import { setup } from 'xstate';
import type { SpecEvent, SpecEventType } from '../types.ts';
import { asActions } from '../relations/updates.ts';
import { initialSpaceContext, spaceGuards, spaceUpdates, type SpaceContext } from './addressSpaceRelations.ts';
import type { SpecInput } from './cpuRelations.ts';

/** The event types both address-space machines constrain. */
export const ADDRESS_SPACE_ALPHABET: readonly SpecEventType[] = [
  'guest.switch', 'guest.return', 'guest.access', 'guest.syscall', 'guest.exit',
  'host.mm.map', 'host.mm.unmap', 'host.mm.protect', 'host.as.switch',
];

const spaceSetup = setup({
  types: { events: {} as SpecEvent, context: {} as SpaceContext, input: {} as SpecInput | undefined },
  guards: spaceGuards,
  actions: asActions(spaceUpdates),
});

/** What every state of both machines takes the same way. */
const common = {
  'host.mm.map': { guard: 'liveSpace', actions: 'trackPages' },
  'host.mm.unmap': { guard: 'liveSpace', actions: 'trackPages' },
  'host.mm.protect': { guard: 'liveSpace', actions: 'trackPages' },
  'guest.access': { guard: 'mappedIfUser', actions: 'keep' },
  'guest.syscall': { actions: 'releaseSpace' },
  'guest.exit': { actions: 'releaseSpace' },
} as const;

/** Address spaces by remapping one host address space. */
export const remapAddressSpacesMachine = spaceSetup.createMachine({
  id: 'remap',
  initial: 'live',
  context: ({ input }) => initialSpaceContext(input),
  on: common,
  states: {
    live: {
      description: "The current guest process's pages are the only guest user pages mapped.",
      on: {
        'host.mm.unmap': { guard: 'clearsUserRegion', target: 'cleared', actions: 'trackPages' },
        'guest.return': 'live',
      },
    },
    cleared: {
      description: 'The guest user region was emptied: another guest process must become current before any returns.',
      on: { 'guest.switch': 'live' },
    },
  },
});

/** Address spaces as several definitions per host process, selected by switch-guest. */
export const multiAsAddressSpacesMachine = spaceSetup.createMachine({
  id: 'multi-as',
  initial: 'live',
  context: ({ input }) => initialSpaceContext(input),
  on: common,
  states: {
    live: {
      description: "The current guest process's address-space definition is live.",
      on: {
        'host.as.switch': { guard: 'switchesSpace', target: 'switched', actions: 'makeLive' },
        'guest.return': { guard: 'returnsToOwnSpace', target: 'live' },
      },
    },
    switched: {
      description: "switch-guest made the next process's definition live (emptied first if it is reused): the guest switch may complete.",
      on: { 'guest.switch': { guard: 'incomingOwnsSpace', target: 'live', actions: 'bindIncoming' } },
    },
  },
});
