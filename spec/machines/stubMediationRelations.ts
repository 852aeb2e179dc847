/**
 * The data of mediation by PTRACE_SYSEMU stops of stub processes (real
 * User-Mode Linux skas0) and the relations over it. The guest kernel runs in
 * the VMM's own process and traces one stub per guest address space; exactly
 * one stub runs guest code at a time. Who stops must be who runs; the VMM
 * reads the stopped stub's registers before the guest kernel takes the entry
 * (a syscall's number and arguments are in them); it writes both register sets
 * of a stub before resuming it into guest code (the guest would otherwise
 * run with another context's registers); registers are moved only while the
 * stub is stopped; a stub call (`cont`) ends with that stub's stop.
 */
import { because, type GuardArgs, type Why } from '../relations/explain.ts';
import { hasInt, withInt, withoutInt, type IntSet } from '../relations/pidSet.ts';
import type { SpecEvent, StubStop } from '../types.ts';

/** The stop the guest kernel has not taken yet. */
export interface PendingStop {
  readonly stub: number;
  readonly why: StubStop;
}

/** The mediation's data. */
export interface StubMediationContext {
  /** The stub running guest code, if any. */
  readonly running: number | null;
  /** Stubs stopped for the VMM (registers may move). */
  readonly stopped: IntSet;
  /** Stubs running a stub call (their own code, for the VMM). */
  readonly inCall: IntSet;
  /** Every stub ever seen (stub numbers are never reused). */
  readonly seen: IntSet;
  /** The stop whose entry the guest kernel must take next. */
  readonly pending: PendingStop | null;
  /** Register sets of the pending stop's stub read since it stopped: bit 1 gpr, bit 2 fp. */
  readonly fetched: number;
  /** Register sets written since each stub last stopped or ran: `stub * 4 + bit`. */
  readonly loaded: IntSet;
}

/** The data at boot: no stub yet. */
export const initialStubMediationContext = (): StubMediationContext => ({
  running: null, stopped: [], inCall: [], seen: [], pending: null, fetched: 0, loaded: [],
});

const GPR = 1;
const FP = 2;
const BOTH = GPR | FP;
const bitOf = (set: 'gpr' | 'fp' | 'other'): number => (set === 'gpr' ? GPR : set === 'fp' ? FP : 0);

type Args = GuardArgs<StubMediationContext>;

const stubOf = (event: SpecEvent): number | undefined =>
  event.type === 'host.stub.create' || event.type === 'host.stub.stop' || event.type === 'host.stub.regs'
    || event.type === 'host.stub.resume' || event.type === 'host.stub.kill' ? event.stub : undefined;

const loadedBits = (context: StubMediationContext, stub: number): number =>
  (hasInt(context.loaded, stub * 4 + GPR) ? GPR : 0) | (hasInt(context.loaded, stub * 4 + FP) ? FP : 0);

const forget = (loaded: IntSet, stub: number): IntSet => withoutInt(withoutInt(loaded, stub * 4 + GPR), stub * 4 + FP);

const isStopped = (context: StubMediationContext, event: SpecEvent): boolean => {
  const stub = stubOf(event);
  return stub !== undefined && hasInt(context.stopped, stub);
};

/** The guards, by the names the machine uses. */
export const stubMediationGuards = {
  /** A stub number never seen before. */
  newStub: ({ context, event }: Args) => event.type === 'host.stub.create' && !hasInt(context.seen, event.stub),
  /** The stub named is stopped for the VMM. */
  stubStopped: ({ context, event }: Args) => isStopped(context, event),
  /** The stub that stops is the one running guest code. */
  runningStops: ({ context, event }: Args) => event.type === 'host.stub.stop' && event.stub === context.running,
  /** A stub call ends: the stub that stops was running one, and stops for its signal. */
  callEnds: ({ context, event }: Args) => event.type === 'host.stub.stop' && event.why === 'signal' && hasInt(context.inCall, event.stub),
  /** A read of the pending stop's stub. */
  readsPending: ({ context, event }: Args) =>
    event.type === 'host.stub.regs' && event.dir === 'get' && context.pending !== null && event.stub === context.pending.stub,
  /** The guest kernel takes the pending stop as `why` calls for, after the VMM read both register sets. */
  entryReady: ({ context }: Args, params: { why: StubStop }) =>
    context.pending !== null && context.pending.why === params.why && (context.fetched & BOTH) === BOTH,
  /** A resume into guest code of a stopped stub whose two register sets were written since it stopped. */
  resumeLoaded: ({ context, event }: Args) =>
    event.type === 'host.stub.resume' && event.how === 'sysemu' && hasInt(context.stopped, event.stub) && loadedBits(context, event.stub) === BOTH,
  /** A stub call: a stopped stub is resumed to run its own code. */
  startsCall: ({ context, event }: Args) => event.type === 'host.stub.resume' && event.how === 'cont' && hasInt(context.stopped, event.stub),
  /** A stub that runs no guest code and no call is killed. */
  killable: ({ context, event }: Args) => event.type === 'host.stub.kill' && hasInt(context.stopped, event.stub),
  /** No stub call is in flight (the guest kernel may decide what runs next). */
  noCall: ({ context }: Args) => context.inCall.length === 0,
  /** A stub call is in flight: the stub's host calls change mappings. */
  callInFlight: ({ context }: Args) => context.inCall.length > 0,
};

const where = (context: StubMediationContext, stub: number): string => {
  if (stub === context.running) return 'running guest code';
  if (hasInt(context.inCall, stub)) return 'running a stub call';
  if (hasInt(context.stopped, stub)) return 'stopped';
  return hasInt(context.seen, stub) ? 'killed' : 'not created';
};

const setsMissing = (bits: number): string => [(bits & GPR) === 0 ? 'gpr' : '', (bits & FP) === 0 ? 'fp' : ''].filter(Boolean).join(' and ');

/** Why a guard said no. */
export const stubMediationExplanations = {
  newStub: ({ event }: Args): Why | undefined =>
    event.type === 'host.stub.create' ? because(`host.stub.create of stub ${event.stub}, which exists already`, 'seen') : undefined,
  stubStopped: ({ context, event }: Args): Why | undefined => {
    const stub = stubOf(event);
    return stub === undefined ? undefined : because(`${event.type} of stub ${stub}, which is ${where(context, stub)}, not stopped`, 'stopped');
  },
  runningStops: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.stop'
      ? because(`host.stub.stop of stub ${event.stub}, but the stub running guest code is ${context.running ?? 'none'}`, 'running') : undefined,
  callEnds: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.stop' ? because(`host.stub.stop of stub ${event.stub}, which is ${where(context, event.stub)}`, 'inCall') : undefined,
  readsPending: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.regs'
      ? because(`host.stub.regs ${event.dir} of stub ${event.stub} before the guest kernel took the stop of stub ${context.pending?.stub ?? 'none'}`, 'pending')
      : undefined,
  entryReady: ({ context, event }: Args, params: { why: StubStop }): Why => {
    if (context.pending === null) return because(`${event.type} without a stub stop to take`, 'pending');
    if (context.pending.why !== params.why) return because(`${event.type}, but stub ${context.pending.stub} stopped for a ${context.pending.why}`, 'pending');
    return because(`${event.type} before the VMM read the ${setsMissing(context.fetched)} registers of stub ${context.pending.stub}`, 'fetched');
  },
  // A resume is one of two transitions (into guest code, or a stub call); each explains only a resume of its own kind.
  resumeLoaded: ({ context, event }: Args): Why | undefined => {
    if (event.type !== 'host.stub.resume' || event.how !== 'sysemu') return undefined;
    if (!hasInt(context.stopped, event.stub)) return because(`host.stub.resume of stub ${event.stub}, which is ${where(context, event.stub)}, not stopped`, 'stopped');
    return because(`host.stub.resume of stub ${event.stub} into guest code without its ${setsMissing(loadedBits(context, event.stub))} registers written since it stopped`, 'loaded');
  },
  startsCall: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.resume' && event.how === 'cont'
      ? because(`host.stub.resume of stub ${event.stub}, which is ${where(context, event.stub)}, not stopped`, 'stopped') : undefined,
  killable: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.kill' ? because(`host.stub.kill of stub ${event.stub}, which is ${where(context, event.stub)}`, 'stopped') : undefined,
  noCall: ({ context, event }: Args): Why => because(`${event.type} while stub ${context.inCall.join(', ')} still runs a stub call`, 'inCall'),
  callInFlight: ({ event }: Args): Why => because(`${event.type} outside a stub call: only a stub's own host calls change its mappings`, 'inCall'),
};

/** The updates of the data. */
export const stubMediationUpdates = {
  /** A new stub exists, stopped. */
  createStub: ({ context, event }: Args): Partial<StubMediationContext> =>
    event.type === 'host.stub.create' ? { seen: withInt(context.seen, event.stub), stopped: withInt(context.stopped, event.stub) } : {},
  /** The running stub stops: its entry is pending, nothing read yet. */
  stopRunning: ({ context, event }: Args): Partial<StubMediationContext> =>
    event.type === 'host.stub.stop'
      ? { running: null, stopped: withInt(context.stopped, event.stub), pending: { stub: event.stub, why: event.why }, fetched: 0, loaded: forget(context.loaded, event.stub) }
      : {},
  /** A stub call ends. */
  endCall: ({ context, event }: Args): Partial<StubMediationContext> =>
    event.type === 'host.stub.stop'
      ? { inCall: withoutInt(context.inCall, event.stub), stopped: withInt(context.stopped, event.stub), loaded: forget(context.loaded, event.stub) }
      : {},
  /** Registers move: a read of the pending stub counts toward its entry, a write toward the next resume. */
  moveRegisters: ({ context, event }: Args): Partial<StubMediationContext> => {
    if (event.type !== 'host.stub.regs') return {};
    const bit = bitOf(event.set);
    if (event.dir === 'get') return context.pending !== null && context.pending.stub === event.stub ? { fetched: context.fetched | bit } : {};
    return bit === 0 ? {} : { loaded: withInt(context.loaded, event.stub * 4 + bit) };
  },
  /** The guest kernel took the pending stop. */
  takeEntry: (): Partial<StubMediationContext> => ({ pending: null, fetched: 0 }),
  /** A stub is resumed into guest code. */
  resumeGuest: ({ context, event }: Args): Partial<StubMediationContext> =>
    event.type === 'host.stub.resume'
      ? { running: event.stub, stopped: withoutInt(context.stopped, event.stub), loaded: forget(context.loaded, event.stub) }
      : {},
  /** A stub call starts. */
  startCall: ({ context, event }: Args): Partial<StubMediationContext> =>
    event.type === 'host.stub.resume'
      ? { inCall: withInt(context.inCall, event.stub), stopped: withoutInt(context.stopped, event.stub), loaded: forget(context.loaded, event.stub) }
      : {},
  /** A stub is gone. */
  killStub: ({ context, event }: Args): Partial<StubMediationContext> =>
    event.type === 'host.stub.kill' ? { stopped: withoutInt(context.stopped, event.stub), loaded: forget(context.loaded, event.stub) } : {},
};
