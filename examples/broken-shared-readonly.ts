/**
 * A plausible but broken idea, "shared page tables for read-only pages": the
 * top of the guest user region (where text and shared libraries would sit,
 * the same read-only pages in every process) stays mapped across guest
 * switches, and only the part below it is unmapped. But the guest stack lives
 * there too, writable: one process reads and writes another's stack. Its own
 * spec fragment accepts the partial unmap, so conformance cannot catch it.
 */
import {
  defineVariant, PAGE_SIZE, setup, STACK_BASE,
  type PluginAddressSpaces, type SpecEvent,
} from 'vmspec';

/** The pages below the "shared" top of the region: the only ones unmapped on a switch. */
const PRIVATE_PAGES = STACK_BASE / PAGE_SIZE;

const sharedTop: PluginAddressSpaces = {
  name: 'shared-readonly-top',
  create: () => ({
    processCreated: () => true,
    processGone: () => undefined,
    switchTo: (calls) => {
      calls.call('munmap', { kind: 'range', start: 0, pages: PRIVATE_PAGES, prot: 'none', filePage: 0 });
    },
  }),
};

/** What the author believes: with the private part unmapped, a guest switch needs nothing else. */
const sharedTopMachine = setup({
  types: { events: {} as SpecEvent },
  actions: { ignore: () => undefined },
}).createMachine({
  id: 'shared-readonly-top',
  initial: 'live',
  on: { 'host.mm.unmap': { actions: 'ignore' } },
  states: {
    live: { on: { 'guest.switch': 'live', 'guest.return': 'live' } },
  },
});

export default defineVariant({
  name: 'broken-shared-readonly',
  description: 'keeps the top of the user region mapped across guest switches, assuming it read-only and shared',
  base: 'kernel-module/segment-bounds/remap',
  addressSpaces: sharedTop,
  spec: { addressSpaces: { machine: sharedTopMachine, alphabet: ['guest.switch', 'guest.return', 'host.mm.unmap', 'host.as.switch'] } },
});
