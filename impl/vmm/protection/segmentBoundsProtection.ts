/**
 * Protection by segment bounds (paper §4.2): in guest user mode the user
 * code/data segments end at 0x70000000, so the CPU's segment check refuses the
 * guest kernel region; in guest kernel mode they span the 4 GiB again. One
 * descriptor change per switch, no page-table work.
 */
import { ADDRESS_SPACE_END, GUEST_KERNEL_BASE } from '../../mmu/layout.ts';
import type { ProtectionStrategy } from '../interfaces.ts';
import { mapGuestKernelRegion } from './guestKernelRegion.ts';

/** The `segment-bounds` protection choice. */
export const segmentBoundsProtection: ProtectionStrategy = {
  name: 'segment-bounds',
  means: 'register',
  boot: mapGuestKernelRegion,
  lift: (ops) => ops.setSegmentLimit(ADDRESS_SPACE_END),
  protect: (ops) => ops.setSegmentLimit(GUEST_KERNEL_BASE),
};
