/**
 * Workloads running a real program's image: the areas of a static C program as
 * Linux maps them (ELF header, code, read-only data, RELRO, data, bss, and the
 * vdso), written here in the shape bench/real/elfImage.ts reads from a binary.
 * A data word the program stores before forking is in a writable file area
 * (copied at fork); its code is in a read-only one (faulted in again by each
 * child).
 */
import { STACK_BASE } from '../guest/guestProcess.ts';
import type { Instr } from '../guest/isa.ts';
import type { ProcessImage } from '../guest/processImage.ts';
import type { Workload } from '../run/workload.ts';

/** The image of a small static C program. */
export const STATIC_PROGRAM_IMAGE: ProcessImage = {
  areas: [
    { name: 'elf header', start: 0x40_0000, pages: 1, prot: 'r', backing: 'file' },
    { name: 'text', start: 0x40_1000, pages: 0x78, prot: 'rx', backing: 'file' },
    { name: 'rodata', start: 0x47_9000, pages: 0x27, prot: 'r', backing: 'file' },
    { name: 'relro', start: 0x4a_0000, pages: 4, prot: 'r', backing: 'file' },
    { name: 'data', start: 0x4a_4000, pages: 3, prot: 'rw', backing: 'file' },
    { name: 'bss', start: 0x4a_7000, pages: 5, prot: 'rw', backing: 'anon' },
    { name: 'vdso', start: STACK_BASE - 0x1000, pages: 1, prot: 'rx', backing: 'file' },
  ],
  entry: 0x40_1c40,
};

/** A word of the data area and one of the bss. */
export const DATA_WORD = 0x4a_4010;
export const BSS_WORD = 0x4a_8000;

/** `workload` with its processes running `image`. */
export const withImage = (workload: Workload, image: ProcessImage = STATIC_PROGRAM_IMAGE): Workload =>
  ({ ...workload, name: `${workload.name} as a static program`, image });

/**
 * A static program that writes its data and bss, forks `children` children in turn (each reads both words back,
 * writes one to the console and exits) and waits for each.
 */
export function staticForker(children: number): Workload {
  const child: Instr[] = [
    { op: 'load', addr: DATA_WORD },
    { op: 'load', addr: BSS_WORD },
    { op: 'syscall', call: { nr: 'write', fd: 1, addr: DATA_WORD, count: 1 } },
    { op: 'syscall', call: { nr: 'exit', status: 0 } },
  ];
  return withImage({
    name: `static-forker(${children})`,
    programs: [[
      { op: 'store', addr: DATA_WORD, value: 0x41 },
      { op: 'store', addr: BSS_WORD, value: 7 },
      { op: 'loop', times: children, body: [{ op: 'syscall', call: { nr: 'fork', child } }, { op: 'syscall', call: { nr: 'wait' } }] },
    ]],
  });
}
