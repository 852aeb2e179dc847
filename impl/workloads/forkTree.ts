/**
 * A binary tree of guest processes: each inner node forks two children and
 * waits for both; each leaf writes its mark to memory and the console and
 * exits. Exercises fork's memory copy, exit, wait and process switching.
 */
import type { Program } from '../guest/isa.ts';
import { HEAP_BASE } from '../guest/guestProcess.ts';
import type { Workload } from '../run/workload.ts';

function node(depth: number, mark: number): Program {
  if (depth === 0) {
    return [
      { op: 'store', addr: HEAP_BASE, value: 0x30 + (mark % 10) },
      { op: 'syscall', call: { nr: 'write', fd: 1, addr: HEAP_BASE, count: 1 } },
      { op: 'syscall', call: { nr: 'exit', status: mark } },
    ];
  }
  return [
    { op: 'store', addr: HEAP_BASE + 4 * depth, value: mark },
    { op: 'syscall', call: { nr: 'fork', child: node(depth - 1, 2 * mark) } },
    { op: 'syscall', call: { nr: 'fork', child: node(depth - 1, 2 * mark + 1) } },
    { op: 'syscall', call: { nr: 'wait' } },
    { op: 'syscall', call: { nr: 'wait' } },
    { op: 'compute', cycles: 10 },
  ];
}

/** A fork tree of the given depth (2^depth leaves). */
export function forkTree(depth: number): Workload {
  return { name: `fork-tree(${depth})`, programs: [node(depth, 1)] };
}
