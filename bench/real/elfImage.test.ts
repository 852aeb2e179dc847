/**
 * The image read from a static program's ELF headers is the list of areas
 * Linux shows for it in /proc/PID/maps: the headers and the maps here are
 * those of one `gcc -static` binary, run natively and inside UML (the file
 * areas, the bss; the vdso is UML's one page, placed under the stack).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaEnd, STACK_BASE } from '../../impl/index.ts';
import { elfImage, elfSegments, imageOfSegments } from './elfImage.ts';

const LOAD = 1;
const RELRO = 0x6474e552;
/** `readelf -lW` of the binary: PT_LOAD ×4 and PT_GNU_RELRO. */
const SEGMENTS = [
  { type: LOAD, flags: 4, vaddr: 0x400000, filesz: 0x518, memsz: 0x518 },
  { type: LOAD, flags: 5, vaddr: 0x401000, filesz: 0x77d01, memsz: 0x77d01 },
  { type: LOAD, flags: 4, vaddr: 0x479000, filesz: 0x26fe3, memsz: 0x26fe3 },
  { type: LOAD, flags: 6, vaddr: 0x4a06d8, filesz: 0x5b98, memsz: 0xb3c8 },
  { type: RELRO, flags: 4, vaddr: 0x4a06d8, filesz: 0x3928, memsz: 0x3928 },
];
/** Its /proc/self/maps below the heap, natively: start, end, permissions. */
const MAPS = [
  [0x400000, 0x401000, 'r--p'], [0x401000, 0x479000, 'r-xp'], [0x479000, 0x4a0000, 'r--p'],
  [0x4a0000, 0x4a4000, 'r--p'], [0x4a4000, 0x4a7000, 'rw-p'], [0x4a7000, 0x4ac000, 'rw-p'],
] as const;

describe('the image of a static program', () => {
  it('has the areas Linux maps for its segments: one per PT_LOAD, the RELRO part split off, the bss; then the vdso', () => {
    const image = imageOfSegments(0x401c40, SEGMENTS);
    const areas = image.areas.map((a) => [a.start, areaEnd(a), a.prot, a.backing]);
    const perm = { r: 'r--p', rx: 'r-xp', rw: 'rw-p' } as const;
    expect(image.areas.slice(0, -1).map((a) => [a.start, areaEnd(a), perm[a.prot]])).toEqual(MAPS);
    expect(areas.at(-1)).toEqual([STACK_BASE - 0x1000, STACK_BASE, 'rx', 'file']);
    expect(areas.map((a) => a[3])).toEqual(['file', 'file', 'file', 'file', 'file', 'anon', 'file']);
    expect(image.entry).toBe(0x401c40);
  });

  it('refuses what is not a 64-bit ELF file, saying so', async () => {
    expect(elfSegments(new Uint8Array(100))).toBe('not an ELF file');
    const dir = mkdtempSync(join(tmpdir(), 'vmspec-elf-'));
    try {
      writeFileSync(join(dir, 'x'), 'hello');
      expect(await elfImage(join(dir, 'x'))).toEqual({ ok: false, reason: `${join(dir, 'x')}: not an ELF file` });
      expect((await elfImage(join(dir, 'missing'))).ok).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Where gcc can link statically: the image of a program built now is what the program itself finds in its maps.
  const gcc = ['/usr/bin/gcc', '/usr/local/bin/gcc'].some((p) => existsSync(p));
  it.skipIf(!gcc)('of a program built here matches its own /proc/self/maps below the heap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmspec-elf-'));
    try {
      writeFileSync(join(dir, 'maps.c'), '#include <stdio.h>\nint main(void){FILE*f=fopen("/proc/self/maps","r");char b[512];while(fgets(b,sizeof b,f))fputs(b,stdout);return 0;}\n');
      execFileSync('gcc', ['-static', '-O2', '-o', join(dir, 'maps'), join(dir, 'maps.c')]);
      const read = await elfImage(join(dir, 'maps'));
      if (!read.ok) throw new Error(read.reason);
      const maps = execFileSync(join(dir, 'maps'), { encoding: 'utf8' }).split('\n')
        .map((line) => /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(line)).filter((m) => m !== null && !/\[/.test(m.input))
        .map((m) => [parseInt(m![1]!, 16), parseInt(m![2]!, 16)]);
      expect(read.image.areas.filter((a) => a.name !== 'vdso').map((a) => [a.start, areaEnd(a)])).toEqual(maps);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
