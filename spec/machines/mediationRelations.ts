/**
 * The data both mediation machines keep and the relations over it: which host
 * call is in flight (the application's trapped syscall, or a host call of the
 * guest kernel) and the VMM's verdict on it, which signal is in flight between
 * send and delivery, and which guest entry the delivered signal calls for.
 * These tie each step of the paper's paths to the call or signal it belongs to:
 * a verdict names the call entered, an effect belongs to the call that made
 * it, a delivery delivers what was sent, SIGUSR1 enters by syscall. It also
 * keeps which host process runs, so a context switch leaves the one running
 * (the state alone says where a switch is due, not that the event says so).
 */
import { isAllowedForGuestKernel } from '../allowList.ts';
import { because, type GuardArgs, type Why } from '../relations/explain.ts';
import type { HostRole, HostSignal, HostSyscall, SpecEvent, SpecEventType } from '../types.ts';

/** How the guest kernel is entered. */
export type EntryKind = 'syscall' | 'timer' | 'io' | 'fault';

/** The mediation's data. */
export interface MediationContext {
  /** The host syscall in flight. */
  readonly call: HostSyscall | null;
  /** The application's trapped syscall, until the guest kernel takes it. */
  readonly appCall: HostSyscall | null;
  /** The signal sent and not yet delivered. */
  readonly sig: HostSignal | null;
  /** The guest entry the delivered signal calls for, until the guest kernel takes it. */
  readonly entry: EntryKind | null;
  /** A guest access failed and its fault has not been taken yet: the host must raise SIGSEGV, the kernel must not return. */
  readonly faulted: boolean;
  /** The host process that runs: the guest-machine process from boot, until a context switch hands the CPU on. */
  readonly host: HostRole;
}

/** The mediation's data at boot. */
export const initialMediationContext = (): MediationContext => ({
  call: null, appCall: null, sig: null, entry: null, faulted: false, host: 'guest-machine',
});

/** Host signals raised by the host kernel itself: timer, device completion, fault. */
export const HOST_RAISED_SIGNALS: readonly HostSignal[] = ['SIGALRM', 'SIGIO', 'SIGSEGV'];

/** The entry each signal stands for. */
export const ENTRY_OF_SIGNAL: Readonly<Record<HostSignal, EntryKind>> = {
  SIGUSR1: 'syscall', SIGSYS: 'syscall', SIGALRM: 'timer', SIGIO: 'io', SIGSEGV: 'fault',
};

/** The effect event a host call makes, if any. */
export const EFFECT_OF_CALL: Partial<Readonly<Record<HostSyscall, SpecEventType>>> = {
  mmap: 'host.mm.map', munmap: 'host.mm.unmap', mprotect: 'host.mm.protect', 'switch-guest': 'host.as.switch',
};

type Args = GuardArgs<MediationContext>;

function sigOf(event: SpecEvent): HostSignal | undefined {
  return event.type === 'host.signal.send' || event.type === 'host.signal.deliver' || event.type === 'vmm.forward' ? event.sig : undefined;
}

function nrOf(event: SpecEvent): HostSyscall | undefined {
  switch (event.type) {
    case 'host.syscall.enter': case 'host.syscall.exit': case 'vmm.intercept': case 'vmm.allow': case 'vmm.deny':
      return event.nr;
    case 'vmm.rewrite':
      return event.from;
    default:
      return undefined;
  }
}

function entryOf(event: SpecEvent): EntryKind | undefined {
  if (event.type === 'guest.syscall') return 'syscall';
  if (event.type === 'guest.interrupt') return event.irq;
  if (event.type === 'guest.fault') return 'fault';
  return undefined;
}

/** The guard implementations, keyed by the names the machines use. */
export const mediationGuards = {
  /** The signal is `sig`. */
  signalIs: ({ event }: Args, params: { sig: HostSignal }) => sigOf(event) === params.sig,
  /** The signal is one the host raises (timer, I/O, fault), not the VMM's SIGUSR1. */
  hostRaisedSignal: ({ event }: Args) => {
    const sig = sigOf(event);
    return sig !== undefined && HOST_RAISED_SIGNALS.includes(sig);
  },
  /** The signal forwarded or delivered is the one in flight. */
  signalInFlight: ({ context, event }: Args) => sigOf(event) !== undefined && sigOf(event) === context.sig,
  /** A ptrace stop at `at`. */
  stopAt: ({ event }: Args, params: { at: 'enter' | 'exit' | 'signal' }) => event.type === 'host.ptrace.stop' && event.at === params.at,
  /** A host context switch to `to`, from the host process that runs (which is another). */
  switchTo: ({ context, event }: Args, params: { to: HostRole }) =>
    event.type === 'host.ctxswitch' && event.to === params.to && event.from === context.host && event.from !== event.to,
  /** The syscall (entered, exited or rewritten to) is `nr`. */
  syscallIs: ({ event }: Args, params: { nr: 'getpid' | 'sigreturn' }) =>
    (event.type === 'host.syscall.enter' || event.type === 'host.syscall.exit') ? event.nr === params.nr
      : event.type === 'vmm.rewrite' ? event.to === params.nr : false,
  /** The event names the call in flight (an intercept, a verdict, an exit). */
  sameCall: ({ context, event }: Args) => nrOf(event) === context.call,
  /** The VMM rewrites the call in flight into getpid. */
  rewriteToNoop: ({ context, event }: Args) => event.type === 'vmm.rewrite' && event.from === context.call && event.to === 'getpid',
  /** The VMM lets the call in flight through, and it is on the guest kernel's allow-list. */
  allowCall: ({ context, event }: Args) => event.type === 'vmm.allow' && event.nr === context.call && isAllowedForGuestKernel(event.nr),
  /** The VMM refuses the call in flight (refusing a listed call is stricter, never a leak). */
  denyCall: ({ context, event }: Args) => event.type === 'vmm.deny' && event.nr === context.call,
  /** A refused call returns an error. */
  failedExit: ({ context, event }: Args) => event.type === 'host.syscall.exit' && event.nr === context.call && event.result < 0,
  /** A host effect made by the call in flight (mmap maps, munmap unmaps, mprotect protects, switch-guest switches). */
  effectOfCall: ({ context, event }: Args) => context.call !== null && EFFECT_OF_CALL[context.call] === event.type,
  /** The guest kernel takes the entry the delivered signal calls for (a syscall: the one the application made). */
  entryMatches: ({ context, event }: Args) =>
    context.entry !== null && entryOf(event) === context.entry && (event.type !== 'guest.syscall' || event.nr === context.appCall),
  /** No entry is pending: the guest kernel has taken it (or runs on its own, after boot). */
  entryTaken: ({ context }: Args) => context.entry === null,
  /** Nothing pending: no entry to take, no failed access awaiting its fault. */
  settled: ({ context }: Args) => context.entry === null && !context.faulted,
  /** A failed access (its fault must follow). */
  failedAccess: ({ event }: Args) => event.type === 'guest.access' && event.outcome === 'fault',
  /** The guest kernel takes its own fault (no entry pending). */
  ownFault: ({ context, event }: Args) => event.type === 'guest.fault' && context.entry === null && context.faulted,
  /** No failed access awaits its fault. */
  notFaulted: ({ context }: Args) => !context.faulted,
  /** After a failed user access the host raises SIGSEGV before anything else; otherwise any host-raised signal. */
  raisedSignal: ({ context, event }: Args) => {
    const sig = sigOf(event);
    return sig !== undefined && HOST_RAISED_SIGNALS.includes(sig) && (!context.faulted || sig === 'SIGSEGV');
  },
  /** The VMM's verdict names a syscall on the guest kernel's allow-list. */
  listed: ({ event }: Args) => (event.type === 'vmm.allow' || event.type === 'vmm.deny') && isAllowedForGuestKernel(event.nr),
  /** The VMM's verdict names a syscall off the allow-list. */
  unlisted: ({ event }: Args) => (event.type === 'vmm.allow' || event.type === 'vmm.deny') && !isAllowedForGuestKernel(event.nr),
};

const words = (value: string | null): string => value ?? 'none';

/** Why a mediation guard said no. */
export const mediationExplanations = {
  switchTo: ({ context, event }: Args, params: { to: HostRole }): Why | undefined => {
    if (event.type !== 'host.ctxswitch') return undefined;
    if (event.from !== context.host) return because(`host.ctxswitch from the ${event.from}, but the ${context.host} runs`, 'host');
    if (event.from === event.to) return because(`host.ctxswitch from the ${event.from} to itself`);
    return because(`host.ctxswitch to the ${event.to}, but the path calls for a switch to the ${params.to}`);
  },
  signalInFlight: ({ context, event }: Args): Why => because(`${event.type} ${sigOf(event)}, but the signal in flight is ${words(context.sig)}`, 'sig'),
  sameCall: ({ context, event }: Args): Why => because(`${event.type} ${nrOf(event)}, but the call in flight is ${words(context.call)}`, 'call'),
  rewriteToNoop: ({ context, event }: Args): Why | undefined =>
    event.type === 'vmm.rewrite' ? because(`vmm.rewrite ${event.from} → ${event.to}, but the call in flight is ${words(context.call)} and must become getpid`, 'call') : undefined,
  allowCall: ({ context, event }: Args): Why | undefined => {
    if (event.type !== 'vmm.allow') return undefined;
    if (event.nr !== context.call) return because(`vmm.allow ${event.nr}, but the call in flight is ${words(context.call)}`, 'call');
    return because(`vmm.allow ${event.nr}, which is not on the guest kernel's allow-list`);
  },
  denyCall: ({ context, event }: Args): Why | undefined =>
    event.type === 'vmm.deny' ? because(`vmm.deny ${event.nr}, but the call in flight is ${words(context.call)}`, 'call') : undefined,
  failedExit: ({ context, event }: Args): Why | undefined => {
    if (event.type !== 'host.syscall.exit') return undefined;
    if (event.nr !== context.call) return because(`host.syscall.exit ${event.nr}, but the call in flight is ${words(context.call)}`, 'call');
    return because(`the refused ${event.nr} returns ${event.result}, not an error`);
  },
  effectOfCall: ({ context, event }: Args): Why =>
    because(`${event.type} inside ${words(context.call)}, which makes ${context.call === null ? 'no' : EFFECT_OF_CALL[context.call] ?? 'no'} effect`, 'call'),
  entryMatches: ({ context, event }: Args): Why => {
    if (context.entry === null) return because(`${event.type}, but no entry is pending: the guest kernel already runs`, 'entry');
    if (event.type === 'guest.syscall' && context.entry === 'syscall') {
      return because(`guest.syscall ${event.nr}, but the application trapped on ${words(context.appCall)}`, 'appCall');
    }
    return because(`${event.type}, but the delivered signal calls for a ${context.entry} entry`, 'entry');
  },
  entryTaken: ({ context, event }: Args): Why =>
    because(`${event.type} before the guest kernel took the pending ${context.entry} entry`, 'entry'),
  settled: ({ context, event }: Args): Why =>
    context.faulted ? because(`${event.type} before the failed access was taken as a fault`, 'faulted')
      : because(`${event.type} before the guest kernel took the pending ${context.entry} entry`, 'entry'),
  notFaulted: ({ event }: Args): Why => because(`${event.type} while a failed access still awaits its fault`, 'faulted'),
  raisedSignal: ({ context, event }: Args): Why | undefined =>
    context.faulted ? because(`${event.type} ${sigOf(event)}, but a failed access must raise SIGSEGV first`, 'faulted') : undefined,
};

/** The updates of the mediation's data. */
export const mediationUpdates = {
  /** The application's syscall traps: it is the call in flight. */
  trapCall: ({ event }: Args): Partial<MediationContext> =>
    event.type === 'host.syscall.enter' ? { call: event.nr, appCall: event.nr } : {},
  /** A host call of the guest kernel starts. */
  startCall: ({ event }: Args): Partial<MediationContext> => (event.type === 'host.syscall.enter' ? { call: event.nr } : {}),
  /** The VMM turned the call into another (getpid). */
  rewriteCall: ({ event }: Args): Partial<MediationContext> => (event.type === 'vmm.rewrite' ? { call: event.to } : {}),
  /** The call in flight is over. */
  endCall: (): Partial<MediationContext> => ({ call: null }),
  /** A host context switch: the process switched to runs. */
  switchHost: ({ event }: Args): Partial<MediationContext> => (event.type === 'host.ctxswitch' ? { host: event.to } : {}),
  /** A signal is sent. */
  sendSignal: ({ event }: Args): Partial<MediationContext> => ({ sig: sigOf(event) ?? null }),
  /** The signal is delivered: the guest kernel must take its entry next. */
  deliverSignal: ({ event }: Args): Partial<MediationContext> => {
    const sig = sigOf(event);
    return { sig: null, call: null, entry: sig === undefined ? null : ENTRY_OF_SIGNAL[sig] };
  },
  /** The guest kernel took the entry (a fault entry is the failed access's fault). */
  takeEntry: ({ event }: Args): Partial<MediationContext> => ({ entry: null, appCall: null, ...(event.type === 'guest.fault' ? { faulted: false } : {}) }),
  /** An access failed. */
  noteFailure: (): Partial<MediationContext> => ({ faulted: true }),
  /** The guest kernel took its own fault. */
  takeFault: (): Partial<MediationContext> => ({ faulted: false }),
};
