/**
 * The second reference: gVisor's `runsc` with its ptrace platform (Debian
 * package runsc), running the same guest program (`runsc do`). Its Sentry
 * traces the stubs from several threads of a process runsc starts, so strace
 * cannot record it: without -f it sees only the runsc command, and with -f it
 * takes the stubs first and the sandbox fails ("cannot read client sync file").
 * `perf trace` (tracepoints, no ptrace) sees every thread: its ptrace requests
 * and wait4s are counted here, whole runs, two lengths differenced; no
 * register contents, no markers (perf does not print the written strings).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram } from './findProgram.ts';
import type { GuestRoot, UmlWorkload } from './rootBuilder.ts';
import { runProcess } from './runProcess.ts';
import type { OpCounts } from './summarizeOps.ts';

/** The workloads the guest program runs on its own (the pipeline needs UML's init). */
export const GVISOR_WORKLOADS: readonly UmlWorkload[] = ['getpid', 'pingpong', 'fork'];

/** ptrace requests by number (x86-64), as perf trace prints them. */
const REQUESTS: Readonly<Record<number, string>> = {
  7: 'PTRACE_CONT', 8: 'PTRACE_KILL', 12: 'PTRACE_GETREGS', 13: 'PTRACE_SETREGS', 14: 'PTRACE_GETFPREGS', 15: 'PTRACE_SETFPREGS',
  16: 'PTRACE_ATTACH', 17: 'PTRACE_DETACH', 24: 'PTRACE_SYSCALL', 31: 'PTRACE_SYSEMU', 0x4200: 'PTRACE_SETOPTIONS',
  0x4202: 'PTRACE_GETSIGINFO', 0x4204: 'PTRACE_GETREGSET', 0x4205: 'PTRACE_SETREGSET', 0x4206: 'PTRACE_SEIZE', 0x4207: 'PTRACE_INTERRUPT',
};

/** The operation class (as `opClass` names them) of one ptrace request. */
function ptraceClass(request: number, addr: string | undefined): string {
  const name = REQUESTS[request] ?? `request ${request}`;
  if (name === 'PTRACE_GETREGSET' || name === 'PTRACE_SETREGSET') return `regs ${name.startsWith('PTRACE_GET') ? 'get' : 'set'} ${addr === '0x1' ? 'gpr' : 'fp'}`;
  if (name === 'PTRACE_GETREGS' || name === 'PTRACE_SETREGS') return `regs ${name === 'PTRACE_GETREGS' ? 'get' : 'set'} gpr`;
  if (name === 'PTRACE_GETFPREGS' || name === 'PTRACE_SETFPREGS') return `regs ${name === 'PTRACE_GETFPREGS' ? 'get' : 'set'} fp`;
  if (name === 'PTRACE_SYSEMU') return 'resume sysemu';
  if (name === 'PTRACE_CONT') return 'resume cont';
  if (name === 'PTRACE_SYSCALL') return 'resume syscall';
  return `ptrace ${name}`;
}

const LINE = /^\s*(?:[\d.]+|\?) \(\s*[\d.]*\s*(?:ms)?\): .+?\/(\d+) +(.*)$/;

/**
 * Counts a `perf trace -e ptrace,wait4` log: ptrace requests by class, wait4s that returned a pid (`stop`), and the
 * stubs' emulated syscalls (`guest syscall NAME`). Unreadable lines: `FILE:LINE: what`.
 */
export function countPerfTrace(text: string, source: string): { ok: true; counts: OpCounts } | { ok: false; error: string } {
  const counts = new Map<string, number>();
  const add = (c: string) => counts.set(c, (counts.get(c) ?? 0) + 1);
  const lines = text.split('\n');
  const traced = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const lost = /^LOST (\d+) events!/.exec(line);
    if (lost !== null) return { ok: false, error: `${source}:${i + 1}: perf trace lost ${lost[1]} events (a busy host: counts would be short); run again` };
    const m = LINE.exec(line);
    if (m === null) return { ok: false, error: `${source}:${i + 1}: not a perf trace line (record with perf trace -e ptrace,wait4)` };
    const tid = m[1]!;
    const call = m[2]!;
    if (traced.has(Number(tid))) {
      // A stub's own syscall, emulated under PTRACE_SYSEMU: perf sees only its exit.
      const name = /^\.\.\. \[continued\]: ([a-z_0-9]+)\(/.exec(call)?.[1];
      if (name !== undefined) add(`guest syscall ${name}`);
      continue;
    }
    const continued = /^\.\.\. \[continued\]: ([a-z_0-9]+)\(.*\)\s+= (-?\d+)/.exec(call);
    if (continued !== null) {
      // A ptrace is counted at its start (which names the request), a wait4 at its end (which gives the pid).
      if (continued[1] === 'wait4' && Number(continued[2]) > 0) add('stop');
      continue;
    }
    let c: RegExpExecArray | null;
    if ((c = /^ptrace\(request: (\d+)(?:, pid: (\d+))?(?:, addr: (0x[0-9a-f]+))?/.exec(call)) !== null) {
      add(ptraceClass(Number(c[1]), c[3]));
      if (c[2] !== undefined) traced.add(Number(c[2]));
    } else if ((c = /^wait4\(.*\)\s+= (\d+)/.exec(call)) !== null && Number(c[1]) > 0) add('stop');
    else if (!/^(wait4|ptrace)\(/.test(call)) return { ok: false, error: `${source}:${i + 1}: unexpected call '${call.slice(0, 40)}'` };
  }
  return { ok: true, counts: Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))) };
}

/** runsc and perf, or why not. */
export async function detectGvisorHost(): Promise<{ ok: true; runsc: string; perf: string } | { ok: false; reason: string }> {
  const runsc = await findProgram(process.env['VMSPEC_RUNSC'] || 'runsc');
  if (runsc === null) return { ok: false, reason: "'runsc' not found (install the Debian package runsc)" };
  const perf = await findProgram('perf');
  if (perf === null) return { ok: false, reason: "'perf' not found (install linux-perf: it records gVisor's Sentry)" };
  return { ok: true, runsc, perf };
}

const RUNSC_FLAGS = ['--platform=ptrace', '--network=none'] as const;

/** One run of the guest program under `runsc do`, optionally under perf trace; the guest's loop time and the counts. */
export async function runGvisor(root: GuestRoot, workload: UmlWorkload, iterations: number, options: { readonly perf: boolean; readonly timeoutMs?: number }):
  Promise<{ ok: true; elapsedNs: number; wallMs: number; counts: OpCounts | null } | { ok: false; reason: string }> {
  const host = await detectGvisorHost();
  if (!host.ok) return host;
  const dir = await mkdtemp(join(tmpdir(), 'vmspec-gvisor-'));
  let keep = false;
  try {
    const log = join(dir, 'perf.trace');
    const guest = [host.runsc, ...RUNSC_FLAGS, 'do', join(root.dir, 'vmspecGuest'), workload, String(iterations)];
    const ran = options.perf
      ? await runProcess(host.perf, ['trace', '-m', '1024', '-e', 'ptrace,wait4', '-o', log, '--', ...guest], options.timeoutMs ?? 120_000)
      : await runProcess(guest[0]!, guest.slice(1), options.timeoutMs ?? 120_000);
    const end = /^VMSPEC-END (\d+)$/m.exec(ran.output.replace(/\r/g, ''));
    if (ran.timedOut) return { ok: false, reason: `runsc did not finish within ${(options.timeoutMs ?? 120_000) / 1000} s` };
    if (ran.code !== 0 || end === null) return { ok: false, reason: `runsc --platform=ptrace failed (exit ${ran.code ?? ran.signal ?? '?'}): ${ran.output.trim().split('\n').at(-1)?.slice(0, 160) ?? ''}` };
    if (!options.perf) return { ok: true, elapsedNs: Number(end[1]), wallMs: ran.wallMs, counts: null };
    const counted = countPerfTrace(await readFile(log, 'utf8'), log);
    keep = !counted.ok; // the error names a line of this log: leave it to be read
    return counted.ok ? { ok: true, elapsedNs: Number(end[1]), wallMs: ran.wallMs, counts: counted.counts } : { ok: false, reason: counted.error };
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}
