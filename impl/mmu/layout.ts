/**
 * The IA-32 address layout of the UMLinux guest-machine process (paper §3,
 * figure 2), re-declared here so the emulator depends on the spec for types
 * only: 4 KiB pages, two-level page tables of 1024 entries, guest user below
 * 0x70000000, guest kernel up to 0xc0000000, host kernel above.
 */

/** Bytes per page. */
export const PAGE_SIZE = 0x1000;
/** log2(PAGE_SIZE). */
export const PAGE_SHIFT = 12;
/** 32-bit words per page (guest loads and stores move words). */
export const WORDS_PER_PAGE = PAGE_SIZE / 4;
/** First address of the guest kernel region. */
export const GUEST_KERNEL_BASE = 0x7000_0000;
/** First address of the host kernel region. */
export const HOST_KERNEL_BASE = 0xc000_0000;
/** One past the last 32-bit address. */
export const ADDRESS_SPACE_END = 0x1_0000_0000;
/** Pages of the guest user region. */
export const GUEST_USER_PAGES = GUEST_KERNEL_BASE / PAGE_SIZE;
/** Pages of the guest kernel region (also the size of the guest's physical memory file). */
export const GUEST_KERNEL_PAGES = (HOST_KERNEL_BASE - GUEST_KERNEL_BASE) / PAGE_SIZE;
/** Page-directory index of the first guest kernel page table (448). */
export const GUEST_KERNEL_PDE = GUEST_KERNEL_BASE >>> 22;

/** Region index: 0 guest user, 1 guest kernel, 2 host kernel. */
export type RegionIndex = 0 | 1 | 2;

/** The region index of a 32-bit address. */
export function regionIndexOf(addr: number): RegionIndex {
  return addr < GUEST_KERNEL_BASE ? 0 : addr < HOST_KERNEL_BASE ? 1 : 2;
}

/** The region names, by region index. */
export const REGION_NAMES = ['guest-user', 'guest-kernel', 'host-kernel'] as const;
