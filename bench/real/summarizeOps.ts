/**
 * Counts of raw VMM operations by class (`regs get gpr`, `stop signal SIGSEGV`,
 * `hostcall timer_settime`, …), and per-iteration counts from two runs of
 * different lengths: (count at N2 − count at N1) / (N2 − N1), so what boot,
 * shutdown and the markers cost cancels out.
 */
import type { RawVmmOp } from './rawVmmOp.ts';

/** The class an operation is counted under. */
export function opClass(op: RawVmmOp): string {
  switch (op.kind) {
    case 'stop': return `stop ${op.why}${op.sig === undefined ? '' : ` ${op.sig}`}`;
    case 'regs': return `regs ${op.dir} ${op.set}`;
    case 'resume': return `resume ${op.how}${op.sig === 0 ? '' : ` sig ${op.sig}`}`;
    case 'kill': return `kill ${op.sig}`;
    case 'hostcall': return `hostcall ${op.nr}`;
    case 'signal': return `signal ${op.sig}`;
    case 'siginfo': return `siginfo ${op.sig} ${op.code}`;
    case 'ptrace': return `ptrace ${op.request}${op.result < 0 ? ' failed' : ''}`;
    case 'spawn': case 'marker': return op.kind;
  }
}

/** Counts per class, classes sorted. */
export type OpCounts = Readonly<Record<string, number>>;

/** Counts `ops` by class (streaming: the operations are not kept). */
export async function countOps(ops: AsyncIterable<RawVmmOp> | Iterable<RawVmmOp>): Promise<OpCounts> {
  const counts = new Map<string, number>();
  for await (const op of ops) counts.set(opClass(op), (counts.get(opClass(op)) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/** The operations one iteration adds, by class, from runs of `n1` and `n2` iterations (rounded to 0.01). */
export function perIteration(counts1: OpCounts, n1: number, counts2: OpCounts, n2: number): OpCounts {
  if (n2 === n1) throw new Error(`perIteration needs two different run lengths, got ${n1} twice`);
  const classes = [...new Set([...Object.keys(counts1), ...Object.keys(counts2)])].sort((a, b) => a.localeCompare(b));
  const per: Record<string, number> = {};
  for (const c of classes) {
    const value = Math.round((((counts2[c] ?? 0) - (counts1[c] ?? 0)) / (n2 - n1)) * 100) / 100;
    if (value !== 0) per[c] = value;
  }
  return per;
}

/** Register transfers (GETREGS/SETREGS/GETREGSET/SETREGSET) among the counts. */
export function registerTransfers(counts: OpCounts): number {
  const sum = Object.entries(counts).filter(([c]) => c.startsWith('regs ')).reduce((total, [, n]) => total + n, 0);
  return Math.round(sum * 100) / 100;
}
