/**
 * Protection by mprotect (paper §3, the UMLinux preset): the guest kernel
 * region is PROT_NONE while guest user code runs and read/write in the guest
 * kernel; every switch rewrites the region's present page-table entries.
 */
import type { ProtectionStrategy } from '../interfaces.ts';
import { mapGuestKernelRegion, REGION_PAGES, REGION_START } from './guestKernelRegion.ts';

/** The `mprotect` protection choice. */
export const mprotectProtection: ProtectionStrategy = {
  name: 'mprotect',
  means: 'memory',
  boot: mapGuestKernelRegion,
  lift: (ops) => ops.protect(REGION_START, REGION_PAGES, 'rw'),
  protect: (ops) => ops.protect(REGION_START, REGION_PAGES, 'none'),
};
