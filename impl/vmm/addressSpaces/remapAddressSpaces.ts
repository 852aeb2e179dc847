/**
 * Guest address spaces by remapping (paper §3, the original UMLinux): the one
 * host address space holds the current guest process's pages only. A guest
 * context switch munmaps the whole guest user region; the next process's pages
 * come back one demand-paging fault (and one mmap) at a time.
 */
import { GUEST_USER_PAGES } from '../../mmu/layout.ts';
import type { AddressSpaceStrategy } from '../interfaces.ts';

/** The `remap` address-space choice. */
export const remapAddressSpaces: AddressSpaceStrategy = {
  name: 'remap',
  create: () => ({
    processCreated: () => true,
    processGone: () => undefined,
    switchTo: (calls) => {
      calls.call('munmap', { kind: 'range', start: 0, pages: GUEST_USER_PAGES, prot: 'none', filePage: 0 });
    },
  }),
};
