/**
 * Several address-space definitions per host process (paper §4.3): each
 * guest process gets its own definition and a guest context switch is one
 * `switch-guest` call, no mapping work. Definitions (at most 1024) are reused
 * as processes come and go; a reused one is emptied right after it is
 * switched to, before its new owner runs.
 */
import { GUEST_USER_PAGES } from '../../mmu/layout.ts';
import type { AddressSpaceManager, AddressSpaceStrategy } from '../interfaces.ts';

/** Address-space definitions a host process may hold. */
export const DEFINITIONS = 1024;

function multiAsManager(): AddressSpaceManager {
  const asidOf = new Map<number, number>([[1, 0]]);
  const inUse = new Set<number>([0]);
  const stale = new Set<number>();
  return {
    processCreated(pid) {
      for (let asid = 0; asid < DEFINITIONS; asid++) {
        if (!inUse.has(asid)) {
          inUse.add(asid);
          asidOf.set(pid, asid);
          return true;
        }
      }
      return false;
    },
    processGone(pid) {
      const asid = asidOf.get(pid);
      if (asid === undefined) return;
      asidOf.delete(pid);
      inUse.delete(asid);
      stale.add(asid);
    },
    switchTo(calls, _from, to) {
      const asid = asidOf.get(to);
      if (asid === undefined) throw new Error(`guest process ${to} has no address-space definition`);
      calls.call('switch-guest', { kind: 'asid', asid });
      if (stale.delete(asid)) calls.call('munmap', { kind: 'range', start: 0, pages: GUEST_USER_PAGES, prot: 'none', filePage: 0 });
    },
  };
}

/** The `multi-as` address-space choice. */
export const multiAsAddressSpaces: AddressSpaceStrategy = { name: 'multi-as', create: multiAsManager };
