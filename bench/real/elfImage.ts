/**
 * The program image a real static program runs with, read from its ELF file,
 * for the emulator's process (impl/guest/processImage.ts): the areas Linux's
 * loader makes of its PT_LOAD segments (one file mapping each; the part of a
 * segment's memory past its file pages an anonymous bss area), the read-only
 * part glibc splits off a writable segment after relocating it (PT_GNU_RELRO,
 * end rounded down), and the one-page vdso every process of UML x86-64 gets.
 * The heap and the stack are the emulator's own areas. Compared with what
 * /proc/PID/maps shows inside UML for the same binary, in bench/real/README.md.
 */
import { readFile } from 'node:fs/promises';
import { STACK_BASE, type ImageArea, type ProcessImage } from '../../impl/index.ts';

const PAGE = 0x1000;
const PT_LOAD = 1;
const PT_GNU_RELRO = 0x6474e552;
const PF_X = 1;
const PF_W = 2;

/** One program header, the fields the loader uses. */
interface Segment {
  readonly type: number;
  readonly flags: number;
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
}

const down = (a: number): number => Math.floor(a / PAGE) * PAGE;
const up = (a: number): number => Math.ceil(a / PAGE) * PAGE;

/** The entry point and program headers of a 64-bit little-endian ELF file, or why it is not one. */
export function elfSegments(bytes: Uint8Array): { entry: number; segments: Segment[] } | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 64 || view.getUint32(0) !== 0x7f454c46) return 'not an ELF file';
  if (bytes[4] !== 2 || bytes[5] !== 1) return 'not a 64-bit little-endian ELF file';
  const num = (at: number): number => Number(view.getBigUint64(at, true));
  const phoff = num(32);
  const phentsize = view.getUint16(54, true);
  const phnum = view.getUint16(56, true);
  if (phoff + phentsize * phnum > bytes.length || phentsize < 56) return 'program headers out of the file';
  const segments = Array.from({ length: phnum }, (_, i): Segment => {
    const at = phoff + i * phentsize;
    return { type: view.getUint32(at, true), flags: view.getUint32(at + 4, true), vaddr: num(at + 16), filesz: num(at + 32), memsz: num(at + 40) };
  });
  return { entry: num(24), segments };
}

/** The image of a static program with `segments` and `entry` (see the file's comment). */
export function imageOfSegments(entry: number, segments: readonly Segment[]): ProcessImage {
  const relro = segments.find((s) => s.type === PT_GNU_RELRO);
  const areas: ImageArea[] = [];
  const add = (name: string, start: number, end: number, prot: ImageArea['prot'], backing: ImageArea['backing']): void => {
    if (end > start) areas.push({ name, start, pages: (end - start) / PAGE, prot, backing });
  };
  for (const [i, s] of segments.filter((seg) => seg.type === PT_LOAD).entries()) {
    const start = down(s.vaddr);
    const fileEnd = up(s.vaddr + s.filesz);
    const prot: ImageArea['prot'] = (s.flags & PF_W) !== 0 ? 'rw' : (s.flags & PF_X) !== 0 ? 'rx' : 'r';
    const readOnlyEnd = relro !== undefined && prot === 'rw' && relro.vaddr >= s.vaddr && relro.vaddr < s.vaddr + s.memsz
      ? Math.min(fileEnd, down(relro.vaddr + relro.memsz)) : start;
    add(`segment ${i} (relro)`, start, readOnlyEnd, 'r', 'file');
    add(`segment ${i}`, readOnlyEnd, fileEnd, prot, 'file');
    add(`segment ${i} (bss)`, fileEnd, up(s.vaddr + s.memsz), 'rw', 'anon');
  }
  add('vdso', STACK_BASE - PAGE, STACK_BASE, 'rx', 'file');
  return { areas, entry };
}

/** The image of the static program at `path`, or why it cannot be read. */
export async function elfImage(path: string): Promise<{ ok: true; image: ProcessImage } | { ok: false; reason: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { ok: false, reason: `${path}: ${(error as Error).message}` };
  }
  const read = elfSegments(bytes);
  if (typeof read === 'string') return { ok: false, reason: `${path}: ${read}` };
  return { ok: true, image: imageOfSegments(read.entry, read.segments) };
}
