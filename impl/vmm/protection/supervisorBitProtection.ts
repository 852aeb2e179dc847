/**
 * Protection by the supervisor-only page bit (paper §4.2): the guest kernel
 * region's pages are supervisor-only, the guest kernel runs at ring 1 and
 * guest user code at ring 3. Ring 1 could reach the host kernel's supervisor
 * pages too, so the user segments are cut to 0xc0000000 once, at boot.
 */
import { HOST_KERNEL_BASE } from '../../mmu/layout.ts';
import type { ProtectionStrategy } from '../interfaces.ts';
import { mapGuestKernelRegion, REGION_PAGES, REGION_START } from './guestKernelRegion.ts';

/** The `supervisor-bit` protection choice. */
export const supervisorBitProtection: ProtectionStrategy = {
  name: 'supervisor-bit',
  means: 'register',
  boot: (ops) => {
    mapGuestKernelRegion(ops);
    ops.protect(REGION_START, REGION_PAGES, 'rw-supervisor');
    ops.setSegmentLimit(HOST_KERNEL_BASE);
    ops.setRing(1);
  },
  lift: (ops) => ops.setRing(1),
  protect: (ops) => ops.setRing(3),
};
