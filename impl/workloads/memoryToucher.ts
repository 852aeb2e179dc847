/**
 * A guest process that grows its heap and writes then reads every page in
 * several passes: demand paging on first touch, plain MMU translation after.
 */
import type { Instr } from '../guest/isa.ts';
import { HEAP_BASE } from '../guest/guestProcess.ts';
import type { Workload } from '../run/workload.ts';

/** Touches `pages` heap pages (`wordsPerPage` words each) in `passes` passes. */
export function memoryToucher(pages: number, passes: number, wordsPerPage = 4): Workload {
  const body: Instr[] = [];
  for (let page = 0; page < pages; page++) {
    for (let word = 0; word < wordsPerPage; word++) {
      const addr = HEAP_BASE + page * 0x1000 + word * 4;
      body.push({ op: 'store', addr, value: page * 16 + word }, { op: 'load', addr });
    }
  }
  return {
    name: `memory-toucher(${pages}x${passes})`,
    programs: [[
      { op: 'syscall', call: { nr: 'brk', addr: HEAP_BASE + pages * 0x1000 } },
      { op: 'loop', times: passes, body },
    ]],
  };
}
