/**
 * Several address-space definitions per host process (paper §4.3): each
 * guest process gets its own definition and a guest context switch is one
 * `switch-guest` call, no mapping work. Definitions (at most 1024, fewer when
 * the run says so) are handed out round-robin and reused as processes come and
 * go. The host creates a new definition as a copy of the live one, so a new
 * or reused definition is emptied of guest user pages right after it is
 * switched to, before its new owner runs.
 */
import { GUEST_USER_PAGES } from '../../mmu/layout.ts';
import type { AddressSpaceManager, AddressSpaceStrategy } from '../interfaces.ts';

/** Address-space definitions a host process may hold. */
export const DEFINITIONS = 1024;

function multiAsManager(limit: number): AddressSpaceManager {
  const definitions = Math.max(1, Math.min(DEFINITIONS, limit));
  const asidOf = new Map<number, number>([[1, 0]]);
  const inUse = new Set<number>([0]);
  /** Definitions that must be emptied before their next owner runs: never used yet, or left by an exited process. */
  const unclean = new Set<number>();
  const used = new Set<number>([0]);
  let last = 0;
  return {
    processCreated(pid) {
      for (let i = 1; i <= definitions; i++) {
        const asid = (last + i) % definitions;
        if (inUse.has(asid)) continue;
        inUse.add(asid);
        asidOf.set(pid, asid);
        if (!used.has(asid)) unclean.add(asid);
        used.add(asid);
        last = asid;
        return true;
      }
      return false;
    },
    processGone(pid) {
      const asid = asidOf.get(pid);
      if (asid === undefined) return;
      asidOf.delete(pid);
      inUse.delete(asid);
      unclean.add(asid);
    },
    switchTo(calls, _from, to) {
      const asid = asidOf.get(to);
      if (asid === undefined) throw new Error(`guest process ${to} has no address-space definition`);
      calls.call('switch-guest', { kind: 'asid', asid });
      if (unclean.delete(asid)) calls.call('munmap', { kind: 'range', start: 0, pages: GUEST_USER_PAGES, prot: 'none', filePage: 0 });
    },
    // A definition not yet emptied for its new owner holds the old owner's pages: it is bound once emptied.
    bindings: () => new Map([...asidOf].filter(([, asid]) => !unclean.has(asid))),
  };
}

/** The `multi-as` address-space choice. */
export const multiAsAddressSpaces: AddressSpaceStrategy = {
  name: 'multi-as',
  create: (limits) => multiAsManager(limits?.definitions ?? DEFINITIONS),
};
