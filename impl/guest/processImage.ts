/**
 * A guest process's program image: the areas an `execve` of a real program
 * leaves besides the heap and the stack (its file's segments, its bss, the
 * kernel's vdso), and where its code is. A process with an image fetches its
 * instructions through the MMU from its code area, so a page of code not
 * present faults like any other; a process without one (the generated
 * programs) has only a heap and a stack, and its instructions cost no fetch.
 *
 * Fork follows Linux (`vma_needs_copy`): the page tables of a file-backed area
 * are copied only when it may hold private written pages, so a read-only
 * file area (the code, the read-only data) starts empty in the child, which
 * faults its pages in again from the file. Read-only areas are mapped
 * read-only: a store there is a SIGSEGV, a kernel copy into them EFAULT.
 */
import { PAGE_SIZE } from '../mmu/layout.ts';

/** One area of an image: page aligned, clear of the heap's and the stack's ranges. */
export interface ImageArea {
  /** What it is (`text`, `bss`, `vdso`, …), for messages. */
  readonly name: string;
  readonly start: number;
  readonly pages: number;
  readonly prot: 'r' | 'rx' | 'rw';
  /** A mapping of a file's pages (the program's segments; the vdso, the kernel's pages, is shared the same way), or anonymous memory (the bss). */
  readonly backing: 'file' | 'anon';
}

/** A program image: its areas in address order and the address of its first instruction. */
export interface ProcessImage {
  readonly areas: readonly ImageArea[];
  /** Instruction `pc` of a program is fetched from `entry + 4·pc` (in the code area holding `entry`). */
  readonly entry: number;
}

/** An area of a process as its kernel lists it (a VMA): [start, end) and whether it may be written. */
export interface VmArea {
  readonly start: number;
  readonly end: number;
  readonly prot: 'r' | 'rw';
}

/** The first address past `area`. */
export const areaEnd = (area: ImageArea): number => area.start + area.pages * PAGE_SIZE;

/** How the pages of `area` are mapped: read-write in a writable area, read-only otherwise (code included). */
export const mappedProt = (area: ImageArea): 'r' | 'rw' => (area.prot === 'rw' ? 'rw' : 'r');

/** The area of `image` holding `addr`, if any. */
export function imageAreaAt(image: ProcessImage, addr: number): ImageArea | undefined {
  return image.areas.find((a) => addr >= a.start && addr < areaEnd(a));
}

/** True when fork copies the pages of `area` (it may hold private written pages), false when the child faults them in again. */
export const copiedAtFork = (area: ImageArea): boolean => area.backing === 'anon' || area.prot === 'rw';

/** The address instruction `pc` is fetched from: `entry + 4·pc`, wrapped inside the code area. */
export function fetchAddress(image: ProcessImage, code: ImageArea, pc: number): number {
  const offset = (image.entry - code.start + 4 * pc) % (areaEnd(code) - code.start);
  return code.start + offset;
}

/** Why `image` cannot be a guest process's: areas unaligned, out of order or overlapping, inside a `reserved` range [start, end), or no code at the entry. */
export function imageProblem(image: ProcessImage, reserved: readonly (readonly [number, number])[]): string | undefined {
  let end = 0;
  for (const area of image.areas) {
    if (area.start % PAGE_SIZE !== 0 || !Number.isInteger(area.pages) || area.pages <= 0) return `area ${area.name} is not whole pages`;
    if (area.start < end) return `area ${area.name} overlaps the one before it`;
    end = areaEnd(area);
    const clash = reserved.find(([s, e]) => area.start < e && end > s);
    if (clash !== undefined) return `area ${area.name} [0x${area.start.toString(16)}, 0x${end.toString(16)}) overlaps [0x${clash[0].toString(16)}, 0x${clash[1].toString(16)})`;
  }
  const code = imageAreaAt(image, image.entry);
  if (code?.prot !== 'rx') return `the entry 0x${image.entry.toString(16)} is not in an executable area`;
  return undefined;
}
