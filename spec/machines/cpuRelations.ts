/**
 * The data the abstract guest CPU keeps and the relations over it: which
 * process is current, which processes are live, and which access failed last.
 * With format version 2 the trace records process creation and exit
 * (`guest.spawn`, `guest.exit`), so the live set is exact; a version-1 trace
 * records neither, so a switch to a pid never seen before is taken as the
 * first run of a process the kernel created, and only `exit` syscalls end one.
 * Such a pid may be lower than one seen: the kernel creates processes in pid
 * order but runs them in any order (a child may first run after a younger
 * sibling). A pid once ended is never new again.
 */
import { regionOf } from '../layout.ts';
import { regionPermitted } from '../permission.ts';
import { hasInt, withInt, withoutInt, type IntSet } from '../relations/pidSet.ts';
import { because, type GuardArgs, type Why } from '../relations/explain.ts';
import type { AccessOp, GuestMode, SpecEvent } from '../types.ts';

/** The last failed access, which the guest kernel must take as a fault next. */
export interface FailedAccess {
  readonly pid: number;
  readonly addr: number;
  readonly op: AccessOp;
}

/** The guest CPU's data. */
export interface CpuContext {
  /** True when the trace records process creation and exit (format version 2). */
  readonly exact: boolean;
  /** The process whose turn it is: 1 (init) at boot, then the target of each switch. */
  readonly current: number;
  /** The live processes. */
  readonly live: IntSet;
  /** The highest pid ever seen: pids are never reused. */
  readonly maxPid: number;
  /** Version 1: the processes an `exit` syscall ended (only they, of the pids not live, were seen: a pid is seen when it runs). */
  readonly ended: IntSet;
  readonly failed: FailedAccess | null;
  /**
   * True when the trace records guest accesses, as the emulator's do. A real VMM's tracer sees none (they happen in
   * hardware), so in its traces a fault cannot be matched to the access that failed.
   */
  readonly accessesRecorded: boolean;
}

/** What a spec is started with: the trace's format version, and whether it records guest accesses (default yes). */
export interface SpecInput {
  readonly version: number;
  readonly accesses?: boolean;
}

/** The CPU's data at boot. */
export function initialCpuContext(input: SpecInput | undefined): CpuContext {
  const exact = (input?.version ?? 2) >= 2;
  return { exact, current: 1, live: exact ? [] : [1], maxPid: exact ? 0 : 1, ended: [], failed: null, accessesRecorded: input?.accesses ?? true };
}

type Args = GuardArgs<CpuContext>;

const pidOf = (event: SpecEvent): number | undefined =>
  event.type === 'guest.access' || event.type === 'guest.syscall' || event.type === 'guest.fault' || event.type === 'guest.return'
    || event.type === 'guest.exit' || event.type === 'guest.spawn' ? event.pid : undefined;

/** A pid can be the target of a switch: live, or (version 1) new: never live before, at any height. */
const switchable = (context: CpuContext, pid: number): boolean => hasInt(context.live, pid) || (!context.exact && !hasInt(context.ended, pid));

function accessFits(context: CpuContext, event: SpecEvent, mode: GuestMode): boolean {
  if (event.type !== 'guest.access') return false;
  if (event.mode !== undefined && event.mode !== mode) return false;
  if (mode === 'user') return event.pid === context.current;
  return event.pid === context.current || event.pid === 0; // pid 0: the kernel's own work, for no process
}

/** The guards of the guest CPU. */
export const cpuGuards = {
  /** A successful access by the right process to a region `mode` may reach. */
  permittedAccess: ({ context, event }: Args, params: { mode: GuestMode }) =>
    accessFits(context, event, params.mode) && event.type === 'guest.access' && event.outcome === 'ok'
    && regionPermitted(params.mode, regionOf(event.addr)),
  /** A failed access by the right process. */
  failedAccess: ({ context, event }: Args, params: { mode: GuestMode }) =>
    accessFits(context, event, params.mode) && event.type === 'guest.access' && event.outcome === 'fault',
  /** The event names the current process, which is live. */
  currentLive: ({ context, event }: Args) => pidOf(event) === context.current && hasInt(context.live, context.current),
  /** The fault is the access that failed. */
  faultMatches: ({ context, event }: Args) =>
    event.type === 'guest.fault' && context.failed !== null
    && event.pid === context.failed.pid && event.addr === context.failed.addr && event.op === context.failed.op,
  /** A switch from the current process to another process that can run. */
  switchValid: ({ context, event }: Args) =>
    event.type === 'guest.switch' && event.from === context.current && event.to !== event.from && event.to > 0 && switchable(context, event.to),
  /** A new process: a fresh pid whose parent is live (or the kernel, at boot). */
  spawnValid: ({ context, event }: Args) =>
    event.type === 'guest.spawn' && event.pid > context.maxPid && (event.parent === 0 || hasInt(context.live, event.parent)),
  /** A fault of the current process in a trace that records no accesses (a real VMM's). */
  faultUnrecorded: ({ context, event }: Args) => event.type === 'guest.fault' && !context.accessesRecorded && event.pid === context.current,
  /** The process that ends is live. */
  exitValid: ({ context, event }: Args) => event.type === 'guest.exit' && hasInt(context.live, event.pid),
};

const liveWords = (context: CpuContext): string => (context.live.length === 0 ? 'none' : context.live.join(', '));

/** Why a CPU guard said no. */
export const cpuExplanations = {
  permittedAccess: ({ context, event }: Args, params: { mode: GuestMode }): Why | undefined => {
    if (event.type !== 'guest.access') return undefined;
    if (event.mode !== undefined && event.mode !== params.mode) return because(`a ${event.mode}-mode access while the guest is in ${params.mode} mode`);
    if (event.pid !== context.current && !(params.mode === 'kernel' && event.pid === 0)) {
      return because(`access by pid ${event.pid}, but the current process is ${context.current}`, 'current');
    }
    if (event.outcome === 'ok') return because(`a successful ${params.mode}-mode access to ${regionOf(event.addr)} memory`);
    return undefined;
  },
  currentLive: ({ context, event }: Args): Why | undefined => {
    const pid = pidOf(event);
    if (pid !== context.current) return because(`${event.type} pid ${pid}, but the current process is ${context.current}`, 'current');
    return because(`process ${pid} is not live (live: ${liveWords(context)})`, 'live');
  },
  faultMatches: ({ context, event }: Args): Why | undefined => {
    if (event.type !== 'guest.fault' || context.failed === null) return undefined;
    const f = context.failed;
    return because(`guest.fault pid ${event.pid} ${event.op} 0x${event.addr.toString(16)}, but the access that failed was pid ${f.pid} ${f.op} 0x${f.addr.toString(16)}`, 'failed');
  },
  switchValid: ({ context, event }: Args): Why | undefined => {
    if (event.type !== 'guest.switch') return undefined;
    if (event.from !== context.current) return because(`guest.switch from pid ${event.from}, but the current process is ${context.current}`, 'current');
    if (event.to === event.from) return because(`guest.switch from pid ${event.from} to itself`);
    if (hasInt(context.ended, event.to)) return because(`guest.switch to pid ${event.to}, which ended (pids are never reused)`, 'ended');
    return because(`guest.switch to pid ${event.to}, which is not a live process (live: ${liveWords(context)})`, 'live');
  },
  spawnValid: ({ context, event }: Args): Why | undefined => {
    if (event.type !== 'guest.spawn') return undefined;
    if (event.pid <= context.maxPid) return because(`guest.spawn of pid ${event.pid}, which was used before (pids go up to ${context.maxPid})`, 'maxPid');
    return because(`guest.spawn by pid ${event.parent}, which is not live (live: ${liveWords(context)})`, 'live');
  },
  faultUnrecorded: ({ context, event }: Args): Why | undefined => {
    if (event.type !== 'guest.fault') return undefined;
    if (context.accessesRecorded) return because(`guest.fault pid ${event.pid} without a failed access before it`, 'failed');
    return because(`guest.fault pid ${event.pid}, but the current process is ${context.current}`, 'current');
  },
  exitValid: ({ context, event }: Args): Why | undefined =>
    event.type === 'guest.exit' ? because(`guest.exit of pid ${event.pid}, which is not live (live: ${liveWords(context)})`, 'live') : undefined,
};

/** The updates of the guest CPU's data (each returns the changed fields). */
export const cpuUpdates = {
  /** A failed access: remember it for the fault that must follow. */
  rememberFailure: ({ event }: Args): Partial<CpuContext> =>
    event.type === 'guest.access' ? { failed: { pid: event.pid, addr: event.addr, op: event.op } } : {},
  forgetFailure: (): Partial<CpuContext> => ({ failed: null }),
  /** A syscall: in version 1, which has no `guest.exit`, `exit` ends the calling process. */
  noteSyscall: ({ context, event }: Args): Partial<CpuContext> =>
    !context.exact && event.type === 'guest.syscall' && event.nr === 'exit'
      ? { live: withoutInt(context.live, event.pid), ended: withInt(context.ended, event.pid) } : {},
  /** A switch: the target becomes current (and, in version 1, live if new). */
  switchProcess: ({ context, event }: Args): Partial<CpuContext> => {
    if (event.type !== 'guest.switch') return {};
    const to = event.to;
    return hasInt(context.live, to) ? { current: to } : { current: to, live: withInt(context.live, to), maxPid: Math.max(context.maxPid, to) };
  },
  spawnProcess: ({ context, event }: Args): Partial<CpuContext> =>
    event.type === 'guest.spawn' ? { live: withInt(context.live, event.pid), maxPid: event.pid } : {},
  endProcess: ({ context, event }: Args): Partial<CpuContext> =>
    event.type === 'guest.exit' ? { live: withoutInt(context.live, event.pid) } : {},
};
