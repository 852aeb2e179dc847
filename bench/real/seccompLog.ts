/**
 * What a seccomp-stub run of UML shows in an `strace -f` log, both sides: the
 * guest's own syscalls trapped by the stub's filter (`SIGSYS`, `SYS_SECCOMP`,
 * `si_syscall`), the futex hand-off between stub and kernel process, the
 * stub's `rt_sigreturn` back into guest code, and any ptrace request left.
 * Counted between the BEGIN and END markers, by class; per iteration with
 * perIteration over two lengths: what the real system did, which
 * bench/real/rawLogs.test.ts holds against the emulator's skas0-seccomp.
 */
import { indexFrom } from './indexFrom.ts';
import type { OpCounts } from './summarizeOps.ts';

/** The class a line counts under, or null. Only a call's first line counts (`<... resumed>` lines do not). */
export function seccompLineClass(text: string): string | null {
  const body = text.replace(/^\d+ +/, '').replace(/^\d+\.\d+ /, '');
  if (body.startsWith('--- SIGSYS')) {
    const call = /si_syscall=__NR_(\w+)/.exec(body)?.[1];
    return `sigsys ${call ?? 'unknown'}`;
  }
  if (body.startsWith('--- SIGALRM')) return 'signal SIGALRM';
  if (body.startsWith('futex(')) return /FUTEX_WAKE/.test(body) ? 'futex wake' : /FUTEX_WAIT/.test(body) ? 'futex wait' : 'futex other';
  if (body.startsWith('rt_sigreturn(')) return 'rt_sigreturn';
  if (body.startsWith('ptrace(')) return 'ptrace';
  if (body.startsWith('clone(') || body.startsWith('clone3(')) return 'clone';
  if (body.startsWith('sendmsg(') || body.startsWith('recvmsg(')) return 'fd passing';
  if (body.startsWith('seccomp(')) return 'seccomp filter';
  return null;
}

/**
 * The index of the line where the guest's console write of `marker` (`VMSPEC-BEGIN`, `VMSPEC-END`) is made, from
 * `from` on; -1 when none. Only a write to the console counts: the init script read at boot holds the same words.
 */
export function markerWriteIndex(lines: readonly string[], marker: string, from = 0): number {
  const write = new RegExp(`\\bwrite\\([12], "${marker}`);
  return indexFrom(lines, from, (l) => write.test(l));
}

/** Counts by class from the BEGIN marker's write to the END marker's, or why not. */
export function seccompCounts(lines: readonly string[], source = 'log'): { ok: true; counts: OpCounts } | { ok: false; reason: string } {
  const begin = markerWriteIndex(lines, 'VMSPEC-BEGIN');
  if (begin < 0) return { ok: false, reason: `${source}:${lines.length}: no VMSPEC-BEGIN marker in the log (the guest workload never started)` };
  const end = markerWriteIndex(lines, 'VMSPEC-END', begin + 1);
  if (end < 0) return { ok: false, reason: `${source}:${lines.length}: the log ends before VMSPEC-END (the guest workload did not finish)` };
  const counts: Record<string, number> = {};
  for (const text of lines.slice(begin + 1, end)) {
    const c = seccompLineClass(text);
    if (c !== null) counts[c] = (counts[c] ?? 0) + 1;
  }
  return { ok: true, counts };
}
