/**
 * The two address-space choices (paper §3 and §4.3). With `remap` the one host
 * address space holds the current guest process's pages only: a guest process
 * switch must first unmap the whole guest user region (the new process's pages
 * come back one fault at a time). With `multi-as` the host keeps one
 * address-space definition per guest process and `switch-guest` selects the
 * live one: a switch needs that call and no mapping work, and `remap` never
 * makes it.
 */
import { setup } from 'xstate';
import { symbolOf } from '../alphabet.ts';
import type { SpecEvent, SpecEventType } from '../types.ts';

/** The event types both address-space machines constrain. */
export const ADDRESS_SPACE_ALPHABET: readonly SpecEventType[] = ['guest.switch', 'guest.return', 'host.mm.unmap', 'host.as.switch'];

const spaceSetup = setup({
  types: { events: {} as SpecEvent },
  guards: {
    /** An unmap of exactly the whole guest user region. */
    wholeUserRegion: ({ event }) => symbolOf(event) === 'host.mm.unmap:user-whole',
    /** Any other unmap: pages of one process, kernel pages; not this machine's concern. */
    otherRange: ({ event }) => symbolOf(event) !== 'host.mm.unmap:user-whole',
  },
  actions: {
    /** The event is outside this machine's concern; nothing changes. */
    ignore: () => undefined,
  },
});

/** Address spaces by remapping one host address space. */
export const remapAddressSpacesMachine = spaceSetup.createMachine({
  id: 'remap',
  initial: 'live',
  on: { 'host.mm.unmap': { guard: 'otherRange', actions: 'ignore' } },
  states: {
    live: {
      description: "The current guest process's pages are the only guest user pages mapped.",
      on: { 'host.mm.unmap': { guard: 'wholeUserRegion', target: 'cleared' }, 'guest.return': 'live' },
    },
    cleared: {
      description: 'The guest user region is empty: another guest process must become current before any returns.',
      on: { 'guest.switch': 'live' },
    },
  },
});

/** Address spaces as several definitions per host process, selected by switch-guest. */
export const multiAsAddressSpacesMachine = spaceSetup.createMachine({
  id: 'multi-as',
  initial: 'live',
  on: { 'host.mm.unmap': { actions: 'ignore' } },
  states: {
    live: {
      description: "The current guest process's address-space definition is live.",
      on: { 'host.as.switch': 'switched', 'guest.return': 'live' },
    },
    switched: {
      description: "switch-guest made the next process's definition live: the guest switch may complete.",
      on: { 'guest.switch': 'live' },
    },
  },
});
