/**
 * Two guest processes bouncing a word through a pair of pipes: every round
 * trip blocks each side once, so each round costs guest context switches
 * (and, under remap, the unmapping and demand paging that come with them).
 */
import { HEAP_BASE } from '../guest/guestProcess.ts';
import type { Workload } from '../run/workload.ts';

const BUF = HEAP_BASE + 0x100;

/** `rounds` round trips between a parent and its child, then both exit. */
export function pipePingPong(rounds: number): Workload {
  // Descriptors are allocated lowest-first: pipe A is 3 (read) / 4 (write), pipe B is 5 / 6.
  const child = [
    {
      op: 'loop', times: rounds, body: [
        { op: 'syscall', call: { nr: 'read', fd: 3, addr: BUF, count: 1 } },
        { op: 'load', addr: BUF },
        { op: 'syscall', call: { nr: 'write', fd: 6, addr: BUF, count: 1 } },
      ],
    },
    { op: 'syscall', call: { nr: 'exit', status: 7 } },
  ] as const;
  return {
    name: `pipe-ping-pong(${rounds})`,
    programs: [[
      { op: 'syscall', call: { nr: 'pipe', addr: HEAP_BASE } },
      { op: 'syscall', call: { nr: 'pipe', addr: HEAP_BASE + 8 } },
      { op: 'store', addr: BUF, value: 42 },
      { op: 'syscall', call: { nr: 'fork', child } },
      {
        op: 'loop', times: rounds, body: [
          { op: 'syscall', call: { nr: 'write', fd: 4, addr: BUF, count: 1 } },
          { op: 'syscall', call: { nr: 'read', fd: 5, addr: BUF, count: 1 } },
          { op: 'load', addr: BUF },
        ],
      },
      { op: 'syscall', call: { nr: 'wait' } },
    ]],
  };
}
