/**
 * The paper's microbenchmarks (§5) as guest workloads: a null syscall
 * (getpid loop), a guest context switch (two processes ping-ponging a word
 * over two pipes), and a bulk transfer over a guest pipe (64-word writes, the
 * most one guest call moves; the emulator's pipe holds 64 words).
 */
import { HEAP_BASE, nullSyscallLoop, pipePingPong, type Workload } from '../../impl/index.ts';

/** Words one transfer call moves (the emulator's MAX_TRANSFER and pipe capacity). */
export const TRANSFER_WORDS = 64;
/** Bytes per guest word. */
export const WORD_BYTES = 4;

/**
 * `writes` writes of 64 words into a pipe by the parent, `writes` reads of up
 * to 64 words by the child (a short read leaves data behind: the parent's
 * next write then fails with EPIPE once the child is gone, never deadlocks).
 */
export function pipeTransfer(writes: number): Workload {
  const buffer = HEAP_BASE + 0x100;
  const read = { op: 'syscall', call: { nr: 'read', fd: 3, addr: buffer, count: TRANSFER_WORDS } } as const;
  return {
    name: `pipe-transfer(${writes}×${TRANSFER_WORDS} words)`,
    programs: [[
      { op: 'syscall', call: { nr: 'pipe', addr: HEAP_BASE } },
      { op: 'syscall', call: { nr: 'fork', child: [{ op: 'loop', times: writes, body: [read] }] } },
      { op: 'store', addr: buffer, value: 7 },
      { op: 'loop', times: writes, body: [{ op: 'syscall', call: { nr: 'write', fd: 4, addr: buffer, count: TRANSFER_WORDS } }] },
      { op: 'syscall', call: { nr: 'exit', status: 0 } },
    ]],
  };
}

/** A microbenchmark: a workload of size `n`, run at two sizes so the per-unit figure is a difference (boot and exit cancel). */
export interface Microbenchmark {
  readonly id: 'null-syscall' | 'context-switch' | 'pipe-10mb';
  readonly title: string;
  /** What one unit is, for the table. */
  readonly unit: string;
  readonly workload: (n: number) => Workload;
  readonly size: number;
}

/** The three microbenchmarks at their default sizes (the bench runs `size` and `2 × size`). */
export const MICROBENCHMARKS: readonly Microbenchmark[] = [
  { id: 'null-syscall', title: 'null syscall', unit: 'µs per call', workload: nullSyscallLoop, size: 1000 },
  { id: 'context-switch', title: 'context switch', unit: 'µs per switch', workload: pipePingPong, size: 250 },
  { id: 'pipe-10mb', title: '10 MB pipe', unit: 'ms per 10 MB', workload: pipeTransfer, size: 1024 },
];
