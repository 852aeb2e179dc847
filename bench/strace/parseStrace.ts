/**
 * Parses strace logs into the intermediate form (`straceWorkload.ts`), one
 * line at a time (a log is streamed, never held whole): any stamp flavour
 * (`-t`, `-tt`, `-ttt`, `-r`, none), `-T` or not, `-f` or not, strace's own
 * `strace: Process N attached` lines, and `-ff -o` per-process files (one
 * source per file, its pid given). Joins `<unfinished ...>` / `resumed`
 * halves per pid, links children to their creator, follows each process's
 * descriptors, and derives compute gaps and blocking.
 */
import { applyToFdTable, callArgs, classify, mayWait, rootFdTable, SPAWNS, type FdTable, type JoinedCall } from './classifyCall.ts';
import { parseStraceLine } from './straceLine.ts';
import { describeFlavour, StampClock, type StampFlavour } from './straceStamp.ts';
import type { ProcessEnd, ProcessEvent, SignalEvent, StraceWorkload, SyscallEvent, TracedProcess } from './straceWorkload.ts';

/** A may-block call that took at least this long (µs) counts as blocked, unless the caller says otherwise. */
export const DEFAULT_BLOCKING_THRESHOLD_US = 100;

type RawEvent = { readonly kind: 'call'; readonly call: JoinedCall } | { readonly kind: 'signal'; readonly event: SignalEvent };

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

/** One file being read: its own clock, and the pid its lines belong to when the file is one process's (`-ff`). */
interface Source {
  readonly name: string;
  readonly pid: number | null;
  readonly clock: StampClock;
  line: number;
  /** The pid of lines without one: 0 until strace names the first process (`[pid N]` once there are two). */
  unprefixedPid: number;
  /** The start of a line strace cut with its own `strace: Process N attached` message, joined to the next. */
  carry: string;
}

/** Reads strace lines from one or more sources and builds the workload at the end. */
export class StraceParser {
  private readonly pids = new Map<number, PidState>();
  private readonly sources: Source[] = [];
  private flavour: StampFlavour | null = null;
  private durations = false;
  private lines = 0;
  private straceMessages = 0;
  private error: string | null = null;

  constructor(private readonly thresholdUs: number = DEFAULT_BLOCKING_THRESHOLD_US) {}

  /** Starts a new source (a file); `pid` when every line of it is that process's (an `-ff -o` file). */
  source(name: string, pid: number | null = null): void {
    this.sources.push({ name, pid, clock: new StampClock(), line: 0, unprefixedPid: 0, carry: '' });
  }

  /** Takes the next line of the current source; false (and {@link failure} set) on the first bad line. */
  push(raw: string): boolean {
    if (this.error !== null) return false;
    if (this.sources.length === 0) this.source('log');
    const src = this.sources[this.sources.length - 1]!;
    src.line++;
    this.lines++;
    const text = src.carry + raw.trimEnd();
    src.carry = '';
    if (text.trim() === '') return true;
    if (/^(strace: |\[ Process PID=)/.test(text.trimStart())) {
      this.straceMessages++;
      return true;
    }
    const cut = /^(.*\S)strace: Process \d+ attached$/.exec(text);
    if (cut !== null) {
      // On a terminal strace writes its message into the middle of the line it was printing; the rest follows.
      this.straceMessages++;
      src.carry = cut[1]!;
      return true;
    }
    const fail = (message: string): boolean => {
      this.error = `${src.name}:${src.line}: ${message}`;
      return false;
    };
    const parsed = parseStraceLine(text);
    if (!parsed.ok) return fail(parsed.error);
    const line = parsed.line;
    const time = src.clock.at(line);
    if (!time.ok) return fail(time.error);
    if (this.flavour === null) this.flavour = line.flavour;
    else if (this.flavour !== line.flavour) return fail(`${describeFlavour(line.flavour)} in a log that began with ${describeFlavour(this.flavour)}`);
    const atUs = src.clock.originUs + time.us;
    const pid = src.pid ?? this.pidOf(src, line.pid);
    let state = this.pids.get(pid);
    if (state === undefined) {
      state = { events: [], pending: null, end: { kind: 'running' } };
      this.pids.set(pid, state);
    }
    switch (line.kind) {
      case 'call':
        if (state.pending !== null) return fail(`pid ${pid} starts '${line.name}' while '${state.pending.name}' is unfinished`);
        if (line.durationUs !== null) this.durations = true;
        this.noteSpawn(line.name, line.result);
        state.events.push({ kind: 'call', call: { ...line, atUs, split: false } });
        break;
      case 'unfinished':
        if (state.pending !== null) return fail(`pid ${pid} starts '${line.name}' while '${state.pending.name}' is unfinished`);
        state.pending = { name: line.name, args: line.args, atUs };
        break;
      case 'resumed': {
        const start = state.pending;
        if (start === null || start.name !== line.name) return fail(`'<... ${line.name} resumed>' for pid ${pid} without its unfinished start`);
        state.pending = null;
        if (line.durationUs !== null) this.durations = true;
        this.noteSpawn(line.name, line.result);
        // The time inside a split call is kept: -T's figure, else the span between its two halves.
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
    return true;
  }

  private readonly spawned = new Set<number>();

  private noteSpawn(name: string, result: number | null): void {
    if (SPAWNS.has(name) && result !== null && result > 0) this.spawned.add(result);
  }

  /**
   * The pid a line belongs to. Lines strace printed before the first child appeared carry no pid; the
   * first named pid that no spawn created is theirs (the traced root), and takes over what they did.
   */
  private pidOf(src: Source, printed: number | null): number {
    if (printed === null) return src.unprefixedPid;
    if (src.unprefixedPid === 0 && this.pids.has(0) && !this.spawned.has(printed) && !this.pids.has(printed)) {
      this.pids.set(printed, this.pids.get(0)!);
      this.pids.delete(0);
      src.unprefixedPid = printed;
    }
    return printed;
  }

  /** The first bad line's error, or null. */
  get failure(): string | null {
    return this.error;
  }

  /** The workload read so far (call after the last line), or why there is none. */
  finish(): { ok: true; workload: StraceWorkload } | { ok: false; error: string } {
    if (this.error !== null) return { ok: false, error: this.error };
    if (this.pids.size === 0 || this.flavour === null) return { ok: false, error: `${this.sources[0]?.name ?? 'log'}: the log is empty` };
    const relative = this.flavour === 'r' || this.flavour === 'none';
    if (relative && this.sources.filter((s) => s.line > 0).length > 1) {
      return { ok: false, error: `${this.sources[1]!.name}: per-process files with ${describeFlavour(this.flavour)} cannot be put on one time line (record with -tt or -ttt)` };
    }
    let originUs = Infinity;
    let lastUs = 0;
    for (const state of this.pids.values()) {
      for (const e of state.events) {
        const at = atOf(e);
        originUs = Math.min(originUs, at);
        lastUs = Math.max(lastUs, at, e.kind === 'call' ? at + (e.call.durationUs ?? 0) : at);
      }
      if (state.end.kind !== 'running') lastUs = Math.max(lastUs, state.end.atUs);
    }
    if (!Number.isFinite(originUs)) originUs = 0;
    const recording = { flavour: this.flavour, durations: this.durations, lines: this.lines, files: this.sources.length, straceMessages: this.straceMessages };
    return { ok: true, workload: assemble(this.pids, originUs, lastUs - originUs, this.thresholdUs, recording) };
  }
}

/** Parses log text (one source); the error names the 1-based line. */
export function parseStrace(text: string, blockingThresholdUs: number = DEFAULT_BLOCKING_THRESHOLD_US, name = 'log'): { ok: true; workload: StraceWorkload } | { ok: false; error: string } {
  const parser = new StraceParser(blockingThresholdUs);
  parser.source(name);
  for (const line of text.split('\n')) if (!parser.push(line)) break;
  return parser.finish();
}

const shift = (e: RawEvent, by: number): RawEvent => (e.kind === 'call' ? { kind: 'call', call: { ...e.call, atUs: e.call.atUs - by } } : { kind: 'signal', event: { ...e.event, atUs: e.event.atUs - by } });

function assemble(pids: ReadonlyMap<number, PidState>, originUs: number, durationUs: number, thresholdUs: number, recording: StraceWorkload['recording']): StraceWorkload {
  const byPid = new Map<number, { events: RawEvent[]; end: ProcessEnd }>();
  for (const [pid, state] of pids) {
    const events = state.events.map((e) => shift(e, originUs));
    const end: ProcessEnd = state.end.kind === 'running' ? state.end : { ...state.end, atUs: state.end.atUs - originUs };
    // A call still unfinished when its process ended (or the log did) never returned.
    if (state.pending !== null) {
      const start = state.pending.atUs - originUs;
      const endUs = end.kind === 'running' ? durationUs : end.atUs;
      events.push({ kind: 'call', call: { ...state.pending, atUs: start, durationUs: endUs - start, result: null, errno: null, split: true } });
    }
    byPid.set(pid, { events: events.sort((a, b) => atOf(a) - atOf(b)), end });
  }
  const creator = new Map<number, { parent: number; atUs: number; thread: boolean }>();
  for (const [pid, { events }] of byPid) {
    for (const e of events) {
      if (e.kind !== 'call' || !SPAWNS.has(e.call.name) || e.call.result === null || e.call.result <= 0) continue;
      creator.set(e.call.result, { parent: pid, atUs: e.call.atUs, thread: e.call.args.includes('CLONE_THREAD') });
    }
  }
  // Creators before the processes they made, so each child starts from its creator's descriptors at the spawn.
  const inherited = new Map<number, FdTable>();
  const order = [...byPid.keys()].filter((pid) => !creator.has(pid) || !byPid.has(creator.get(pid)!.parent));
  const processes: TracedProcess[] = [];
  for (let i = 0; i < order.length; i++) {
    const pid = order[i]!;
    const { events: raw, end } = byPid.get(pid)!;
    const origin = creator.get(pid);
    const fds = inherited.get(pid) ?? rootFdTable();
    const state = { fds, brk: null };
    const startUs = origin?.atUs ?? (raw[0] === undefined ? 0 : atOf(raw[0]));
    let previousEnd = startUs;
    const events: ProcessEvent[] = raw.map((e, k) => {
      if (e.kind === 'signal') return e.event;
      const { call } = e;
      const args = callArgs(call);
      // Without -T a call's time is unknown: for a call that can wait, the time to the next event is the hint.
      const nextAt = raw[k + 1] === undefined ? (end.kind === 'running' ? durationUs : end.atUs) : atOf(raw[k + 1]!);
      const duration = call.durationUs ?? (mayWait(call.name, call.args) ? Math.max(0, nextAt - call.atUs) : 0);
      const event: SyscallEvent = classify(call, args, state, {
        name: call.name, atUs: call.atUs, gapUs: Math.max(0, call.atUs - previousEnd), durationUs: duration,
        result: call.result, errno: call.errno, split: call.split,
      }, thresholdUs);
      applyToFdTable(fds, call, args);
      if (event.kind === 'spawn' && event.child !== null && byPid.has(event.child) && !inherited.has(event.child)) {
        inherited.set(event.child, call.args.includes('CLONE_FILES') ? fds : new Map(fds));
        order.push(event.child);
      }
      previousEnd = Math.max(previousEnd, call.atUs + duration);
      return event;
    });
    const programs = events.flatMap((e) => (e.kind === 'exec' && e.result === 0 ? [e.path] : []));
    processes.push({ pid, parentPid: origin?.parent ?? null, thread: origin?.thread ?? false, startUs, programs, events, end });
  }
  return { epochUs: originUs, durationUs, processes, blockingThresholdUs: thresholdUs, recording };
}

function atOf(e: RawEvent): number {
  return e.kind === 'call' ? e.call.atUs : e.event.atUs;
}
