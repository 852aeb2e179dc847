/**
 * A guest process reading its disk: each read blocks the process, the guest
 * idles, and the host's SIGIO brings the data (the device interrupt path).
 */
import { HEAP_BASE } from '../guest/guestProcess.ts';
import type { Workload } from '../run/workload.ts';

/** `reads` disk reads of 4 words each, each followed by a load of the second word. */
export function diskReader(reads: number): Workload {
  return {
    name: `disk-reader(${reads})`,
    programs: [[
      {
        op: 'loop', times: reads, body: [
          { op: 'syscall', call: { nr: 'read', fd: 0, addr: HEAP_BASE, count: 4 } },
          { op: 'load', addr: HEAP_BASE + 4 },
          { op: 'syscall', call: { nr: 'write', fd: 1, addr: HEAP_BASE, count: 4 } },
        ],
      },
    ]],
  };
}
