/**
 * Protection by unmapping (paper §3, the original UMLinux): the guest kernel
 * region is munmap'ed before every return to guest user mode and mmap'ed back
 * on every entry to the guest kernel; the cost grows with the region's pages.
 */
import type { ProtectionStrategy } from '../interfaces.ts';
import { mapGuestKernelRegion, REGION_PAGES, REGION_START } from './guestKernelRegion.ts';

/** The `munmap` protection choice. */
export const munmapProtection: ProtectionStrategy = {
  name: 'munmap',
  means: 'memory',
  boot: mapGuestKernelRegion,
  lift: (ops) => ops.map(REGION_START, REGION_PAGES, 'rw'),
  protect: (ops) => ops.unmap(REGION_START, REGION_PAGES),
};
