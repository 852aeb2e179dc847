/**
 * IA-32 page-table entries, packed into 32-bit integers the way the hardware
 * packs them (present, read/write, user/supervisor bits; frame number above).
 * Only the bits the emulator needs are kept; the frame sits above bit 3.
 */

/** Present bit. */
export const PTE_PRESENT = 1;
/** Read/write bit: clear means read-only. */
export const PTE_WRITABLE = 2;
/** User/supervisor bit: clear means reachable from rings 0–2 only. */
export const PTE_USER = 4;
/**
 * Software bit, ignored by the MMU (the entry is not present): a PROT_NONE
 * page whose frame the host keeps, as Linux's _PAGE_PROTNONE does, so that
 * mprotect back to read/write restores the entry without a fault.
 */
export const PTE_PROTNONE = 8;
/** Where the frame number starts. */
export const PTE_FRAME_SHIFT = 4;

/** A present entry for `frame` with the given permission bits. */
export function makePte(frame: number, writable: boolean, user: boolean): number {
  return (frame << PTE_FRAME_SHIFT) | PTE_PRESENT | (writable ? PTE_WRITABLE : 0) | (user ? PTE_USER : 0);
}

/** A PROT_NONE entry that keeps `frame` (not present to the MMU). */
export function makeProtNonePte(frame: number): number {
  return (frame << PTE_FRAME_SHIFT) | PTE_PROTNONE;
}

/** The frame number of a present (or PROT_NONE) entry. */
export function pteFrame(pte: number): number {
  return pte >>> PTE_FRAME_SHIFT;
}
