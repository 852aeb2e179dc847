/**
 * The guest kernel region as the VMM maps it: the whole physical-memory file,
 * linearly, at 0x70000000 up to the host kernel (paper §3, figure 2).
 */
import { GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES } from '../../mmu/layout.ts';
import type { ProtectionOps } from '../interfaces.ts';

/** First address of the region. */
export const REGION_START = GUEST_KERNEL_BASE;
/** Its size in pages. */
export const REGION_PAGES = GUEST_KERNEL_PAGES;

/** Maps the whole region read/write (the first step of every boot). */
export function mapGuestKernelRegion(ops: ProtectionOps): void {
  ops.map(REGION_START, REGION_PAGES, 'rw');
}
