/**
 * User-Mode Linux skas3: each guest process gets a host address space of its
 * own, created through /proc/mm (an open() returns a new, empty mm) and made
 * live per guest process (PTRACE_SWITCH_MM). An mm is destroyed when its
 * process goes (closing its /proc/mm file), before anything else runs. The
 * emulator's host creates a definition as a copy of the live one, so a new mm
 * is emptied of user pages the first time it is made live.
 */
import {
  defineVariant, GUEST_USER_PAGES, setup, symbolOf,
  type AddressSpaceManager, type GuestHostCalls, type PluginAddressSpaces, type SpecEvent,
} from 'vmspec';

/** The host's limit on address spaces per process (the emulator's switch-guest table). */
const MM_LIMIT = 1024;

const destroy = (calls: GuestHostCalls): void => {
  calls.call('munmap', { kind: 'range', start: 0, pages: GUEST_USER_PAGES, prot: 'none', filePage: 0 });
};

function procMmManager(): AddressSpaceManager {
  const mmOf = new Map<number, number>([[1, 0]]);
  const free: number[] = [];
  const doomed = new Set<number>();
  const unused = new Set<number>();
  let fresh = 1;
  let live = 0;
  const switchMm = (calls: GuestHostCalls, mm: number): void => {
    calls.call('switch-guest', { kind: 'asid', asid: mm });
    live = mm;
  };
  return {
    processCreated(pid) {
      // open("/proc/mm"): a destroyed mm's slot, or one never used (empty).
      const reused = free.pop();
      const mm = reused ?? (fresh < MM_LIMIT ? fresh++ : undefined);
      if (mm === undefined) return false;
      if (reused === undefined) unused.add(mm);
      mmOf.set(pid, mm);
      return true;
    },
    processGone(pid) {
      const mm = mmOf.get(pid);
      if (mm === undefined) return;
      mmOf.delete(pid);
      doomed.add(mm);
    },
    switchTo(calls, _from, to) {
      // close(): destroy every mm whose process is gone before another process runs.
      for (const mm of doomed) {
        if (mm !== live) switchMm(calls, mm);
        destroy(calls);
        free.push(mm);
      }
      doomed.clear();
      const mm = mmOf.get(to);
      if (mm === undefined) throw new Error(`guest process ${to} has no mm`);
      switchMm(calls, mm); // PTRACE_SWITCH_MM
      if (unused.delete(mm)) destroy(calls);
    },
  };
}

const procMm: PluginAddressSpaces = { name: 'proc-mm', create: procMmManager };

/** Address spaces per process: any number of mm switches (and destroys) may precede a guest switch, and one must. */
const procMmMachine = setup({
  types: { events: {} as SpecEvent },
  guards: { wholeUserRegion: ({ event }) => symbolOf(event) === 'host.mm.unmap:user-whole' },
  actions: { ignore: () => undefined },
}).createMachine({
  id: 'proc-mm',
  initial: 'live',
  on: { 'host.mm.unmap': { actions: 'ignore' } },
  states: {
    live: {
      description: "The current guest process's mm is live.",
      on: { 'host.as.switch': 'switched', 'guest.return': 'live' },
    },
    switched: {
      description: 'Another mm was made live (to destroy it, or for the next process): the guest switch may complete.',
      on: { 'host.as.switch': 'switched', 'host.mm.unmap': { guard: 'wholeUserRegion', target: 'switched' }, 'guest.switch': 'live' },
    },
  },
});

export default defineVariant({
  name: 'skas3',
  description: 'UML skas3: one /proc/mm address space per guest process, destroyed when the process goes',
  base: 'ptrace-process/mprotect/multi-as',
  addressSpaces: procMm,
  spec: { addressSpaces: { machine: procMmMachine, alphabet: ['guest.switch', 'guest.return', 'host.mm.unmap', 'host.as.switch'] } },
});
