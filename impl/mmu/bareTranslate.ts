/**
 * The benchmark's yardstick: a bare loop doing only the MMU's page-table
 * translate and a word access, over the same page tables and physical memory
 * the emulator uses, with no interpreter, kernel or tracing around it.
 */
import { PAGE_SIZE } from './layout.ts';
import { Mmu } from './mmu.ts';
import { PageDirectory } from './pageDirectory.ts';
import { PhysicalMemory } from './physicalMemory.ts';
import { makePte } from './pte.ts';

/** Base of the pages the loop touches. */
const BASE = 0x0804_8000;

/** Translates and reads/writes `accesses` words spread over `pages` user pages; returns a checksum. */
export function bareTranslateLoop(accesses: number, pages = 64): number {
  const memory = new PhysicalMemory();
  const directory = new PageDirectory();
  const first = BASE / PAGE_SIZE;
  for (let page = first; page < first + pages; page++) {
    directory.tables[page >>> 10] ??= new Int32Array(1024);
    directory.setEntry(page, makePte(memory.allocate(), true, true));
  }
  const mmu = new Mmu(memory, directory);
  mmu.segmentLimit = 0x7000_0000;
  const frames = memory.frames;
  let sum = 0;
  for (let i = 0; i < accesses; i++) {
    const addr = BASE + ((i * 4100) % (pages * PAGE_SIZE));
    const write = (i & 1) === 0;
    const pa = mmu.translate(addr, write);
    if (pa < 0) throw new Error('bare translate faulted');
    const words = frames[pa >>> 10]!;
    if (write) words[pa & 1023] = i;
    else sum = (sum + words[pa & 1023]!) | 0;
  }
  return sum;
}
