/**
 * Parses a whole `strace -f -ttt -T` log into the intermediate form
 * (`straceWorkload.ts`): joins `<unfinished ...>` / `resumed` halves per pid,
 * classifies calls (I/O, spawn, exec, wait, exit), links children to the
 * process that created them, and derives compute gaps and blocking.
 */
import { intArg, splitArgs, stringArg } from './straceArgs.ts';
import { parseStraceLine, type CallResult } from './straceLine.ts';
import type { ProcessEnd, ProcessEvent, SignalEvent, StraceWorkload, SyscallBase, SyscallEvent, TracedProcess } from './straceWorkload.ts';

/** A may-block call that took at least this long (µs) counts as blocked, unless the caller says otherwise. */
export const DEFAULT_BLOCKING_THRESHOLD_US = 100;

const READS = new Set(['read', 'readv', 'pread64', 'preadv', 'preadv2', 'recv', 'recvfrom', 'recvmsg']);
const WRITES = new Set(['write', 'writev', 'pwrite64', 'pwritev', 'pwritev2', 'send', 'sendto', 'sendmsg', 'sendfile']);
const COUNTED = new Set(['read', 'pread64', 'recv', 'recvfrom', 'write', 'pwrite64', 'send', 'sendto']);
const SPAWNS = new Set(['fork', 'vfork', 'clone', 'clone2', 'clone3']);
const WAITS = new Set(['wait4', 'waitpid', 'waitid']);
const MAY_BLOCK = new Set([
  ...READS, ...WRITES, ...WAITS, 'accept', 'accept4', 'connect', 'poll', 'ppoll', 'select', 'pselect6', 'epoll_wait',
  'epoll_pwait', 'epoll_pwait2', 'nanosleep', 'clock_nanosleep', 'futex', 'pause', 'rt_sigsuspend', 'sigsuspend',
  'restart_syscall', 'flock', 'msgrcv', 'semop', 'recvmmsg', 'sendmmsg', 'vfork',
]);

/** A finished call before gaps are known. */
type RawCall = { readonly name: string; readonly args: string; readonly atUs: number; readonly split: boolean } & CallResult;
type RawEvent = { readonly kind: 'call'; readonly call: RawCall } | { readonly kind: 'signal'; readonly event: SignalEvent };

interface PidState {
  readonly events: RawEvent[];
  pending: { readonly name: string; readonly args: string; readonly atUs: number } | null;
  end: ProcessEnd;
}

function signalEvent(signal: string, atUs: number, detail: string): SignalEvent {
  const code = /si_code=([A-Z_0-9]+)/.exec(detail)?.[1] ?? null;
  const fromPid = /si_pid=(\d+)/.exec(detail)?.[1];
  return { kind: 'signal', signal, atUs, code, fromPid: fromPid === undefined ? null : Number(fromPid) };
}

function classify(call: RawCall, base: SyscallBase): SyscallEvent {
  const args = splitArgs(call.args);
  const { name } = call;
  if (READS.has(name) || WRITES.has(name)) {
    const requested = COUNTED.has(name) ? intArg(args[2]) : null;
    const bytes = call.result !== null && call.result > 0 ? call.result : 0;
    return { ...base, kind: 'io', direction: READS.has(name) ? 'read' : 'write', fd: intArg(args[0]), bytes, requestedBytes: requested };
  }
  if (SPAWNS.has(name)) {
    const child = call.result !== null && call.result > 0 ? call.result : null;
    return { ...base, kind: 'spawn', child, thread: call.args.includes('CLONE_THREAD'), sharesMemory: name === 'vfork' || call.args.includes('CLONE_VM') };
  }
  if (name === 'execve' || name === 'execveat') return { ...base, kind: 'exec', path: stringArg(args[name === 'execve' ? 0 : 1]) };
  if (WAITS.has(name)) return { ...base, kind: 'wait', child: name !== 'waitid' && call.result !== null && call.result > 0 ? call.result : null };
  if (name === 'exit' || name === 'exit_group') return { ...base, kind: 'exit', status: intArg(args[0]) };
  return { ...base, kind: 'other' };
}

function mayBlock(call: RawCall): boolean {
  return MAY_BLOCK.has(call.name) || (SPAWNS.has(call.name) && call.args.includes('CLONE_VFORK'));
}

/** Parses log text; the error names the 1-based line. */
export function parseStrace(
  text: string,
  blockingThresholdUs: number = DEFAULT_BLOCKING_THRESHOLD_US,
): { ok: true; workload: StraceWorkload } | { ok: false; error: string } {
  const pids = new Map<number, PidState>();
  let epochUs: number | null = null;
  let lastUs = 0;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!.trimEnd();
    if (raw === '') continue;
    const parsed = parseStraceLine(raw);
    if (!parsed.ok) return { ok: false, error: `line ${n + 1}: ${parsed.error}` };
    const line = parsed.line;
    epochUs ??= line.atUs;
    const atUs = line.atUs - epochUs;
    lastUs = Math.max(lastUs, atUs);
    const pid = line.pid ?? 0;
    let state = pids.get(pid);
    if (state === undefined) {
      state = { events: [], pending: null, end: { kind: 'running' } };
      pids.set(pid, state);
    }
    switch (line.kind) {
      case 'call':
        if (state.pending !== null) return { ok: false, error: `line ${n + 1}: pid ${pid} starts '${line.name}' while '${state.pending.name}' is unfinished` };
        state.events.push({ kind: 'call', call: { ...line, atUs, split: false } });
        break;
      case 'unfinished':
        if (state.pending !== null) return { ok: false, error: `line ${n + 1}: pid ${pid} starts '${line.name}' while '${state.pending.name}' is unfinished` };
        state.pending = { name: line.name, args: line.args, atUs };
        break;
      case 'resumed': {
        const start = state.pending;
        if (start === null || start.name !== line.name) return { ok: false, error: `line ${n + 1}: '<... ${line.name} resumed>' for pid ${pid} without its unfinished start` };
        state.pending = null;
        const durationUs = line.durationUs ?? atUs - start.atUs;
        state.events.push({ kind: 'call', call: { ...line, name: start.name, args: `${start.args} ${line.args}`, atUs: start.atUs, durationUs, split: true } });
        break;
      }
      case 'signal':
        state.events.push({ kind: 'signal', event: signalEvent(line.signal, atUs, line.detail) });
        break;
      case 'exited':
        state.end = { kind: 'exited', status: line.status, atUs };
        break;
      case 'killed':
        state.end = { kind: 'killed', signal: line.signal, atUs };
        break;
    }
  }
  if (epochUs === null) return { ok: false, error: 'the log is empty' };
  return { ok: true, workload: assemble(pids, epochUs, lastUs, blockingThresholdUs) };
}

function assemble(pids: ReadonlyMap<number, PidState>, epochUs: number, durationUs: number, thresholdUs: number): StraceWorkload {
  // A call still unfinished when its process ended (or the log did) never returned.
  for (const state of pids.values()) {
    const start = state.pending;
    if (start === null) continue;
    const endUs = state.end.kind === 'running' ? durationUs : state.end.atUs;
    state.events.push({ kind: 'call', call: { ...start, atUs: start.atUs, durationUs: endUs - start.atUs, result: null, errno: null, split: true } });
    state.pending = null;
  }
  const creator = new Map<number, { parent: number; atUs: number; thread: boolean }>();
  for (const [pid, state] of pids) {
    for (const e of state.events) {
      if (e.kind !== 'call' || !SPAWNS.has(e.call.name) || e.call.result === null || e.call.result <= 0) continue;
      creator.set(e.call.result, { parent: pid, atUs: e.call.atUs, thread: e.call.args.includes('CLONE_THREAD') });
    }
  }
  const processes: TracedProcess[] = [];
  for (const [pid, state] of pids) {
    const sorted = [...state.events].sort((a, b) => atOf(a) - atOf(b));
    const origin = creator.get(pid);
    const startUs = origin?.atUs ?? (sorted[0] === undefined ? 0 : atOf(sorted[0]));
    let previousEnd = startUs;
    const events: ProcessEvent[] = sorted.map((e) => {
      if (e.kind === 'signal') return e.event;
      const { call } = e;
      const duration = call.durationUs ?? 0;
      const base: SyscallBase = {
        name: call.name, atUs: call.atUs, gapUs: Math.max(0, call.atUs - previousEnd), durationUs: duration,
        result: call.result, errno: call.errno, blocked: mayBlock(call) && duration >= thresholdUs, split: call.split,
      };
      previousEnd = Math.max(previousEnd, call.atUs + duration);
      return classify(call, base);
    });
    const programs = events.flatMap((e) => (e.kind === 'exec' && e.result === 0 ? [e.path] : []));
    processes.push({ pid, parentPid: origin?.parent ?? null, thread: origin?.thread ?? false, startUs, programs, events, end: state.end });
  }
  return { epochUs, durationUs, processes, blockingThresholdUs: thresholdUs };
}

function atOf(e: RawEvent): number {
  return e.kind === 'call' ? e.call.atUs : e.event.atUs;
}
