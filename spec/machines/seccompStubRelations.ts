/**
 * The data of mediation by seccomp stubs (UML ≥ 6.16 `seccomp=on`; gVisor's
 * systrap rests on the same primitives) and the relations over it. No stub is
 * traced: a seccomp filter in each stub traps its guest code's syscalls
 * (`SIGSYS`), and the stub's own signal handler hands each entry (a trapped
 * syscall, a fault, a timer) to the guest kernel's process by a futex on a
 * page they share, waits, and returns into guest code with `rt_sigreturn`.
 * The relations: only the stub running guest code takes a signal into its
 * handler; the guest kernel takes an entry only after that handler handed it
 * over; the kernel wakes only a stub that waits for it; only the stub woken to
 * return goes back into guest code; and a stub's own host calls (its maps, the
 * memory file's descriptor) are made by its handler, never while it runs
 * guest code. The filter allows those calls by instruction pointer (from the
 * stub's code page, which every guest process maps), so the last relation is
 * the one a guest that jumps into the stub page breaks.
 */
import { because, type GuardArgs, type Why } from '../relations/explain.ts';
import { hasInt, withInt, withoutInt, type IntSet } from '../relations/pidSet.ts';
import type { StubSignal } from '../types.ts';

/** The entry a stub's handler took and has not handed over yet, or has handed and the kernel not taken. */
export interface PendingEntry {
  readonly stub: number;
  readonly sig: StubSignal;
}

/** The mediation's data. */
export interface SeccompStubContext {
  /** The stub running guest code, if any. */
  readonly running: number | null;
  /** Stubs waiting on their futex for the guest kernel (handler idle, no guest code running). */
  readonly parked: IntSet;
  /** Stubs whose handler runs: after a signal, or woken by the kernel for work or to return. */
  readonly handling: IntSet;
  /** Every stub ever seen (stub numbers are never reused). */
  readonly seen: IntSet;
  /** The entry on its way to the guest kernel. */
  readonly pending: PendingEntry | null;
  /** The pending entry was handed over (its handler woke the kernel). */
  readonly handed: boolean;
  /** The stub woken to return into guest code. */
  readonly resuming: number | null;
}

/** The data at boot: no stub yet. */
export const initialSeccompStubContext = (): SeccompStubContext => ({
  running: null, parked: [], handling: [], seen: [], pending: null, handed: false, resuming: null,
});

type Args = GuardArgs<SeccompStubContext>;

const where = (context: SeccompStubContext, stub: number): string => {
  if (stub === context.running) return 'running guest code';
  if (hasInt(context.handling, stub)) return 'in its handler';
  if (hasInt(context.parked, stub)) return 'waiting for the guest kernel';
  return hasInt(context.seen, stub) ? 'killed' : 'not created';
};

const entryName = (sig: StubSignal): string => (sig === 'SIGSYS' ? 'syscall' : sig === 'SIGSEGV' ? 'fault' : sig === 'SIGIO' ? 'device interrupt' : 'timer');

/** The guards, by the names the machine uses. */
export const seccompStubGuards = {
  /** A stub number never seen before. */
  newStub: ({ context, event }: Args) => event.type === 'host.stub.create' && !hasInt(context.seen, event.stub),
  /** The stub whose handler starts is the one running guest code. */
  runningSignals: ({ context, event }: Args) => event.type === 'host.stub.signal' && event.stub === context.running,
  /** The handler of the pending entry's stub wakes the guest kernel: the entry is handed over. */
  handsEntry: ({ context, event }: Args) =>
    event.type === 'host.stub.wake' && event.to === 'kernel' && context.pending !== null && event.stub === context.pending.stub,
  /** The guest kernel takes the handed entry as its signal calls for. */
  entryReady: ({ context }: Args, params: { sig: StubSignal }) => context.pending !== null && context.handed && context.pending.sig === params.sig,
  /** The kernel wakes a stub that waits for it. */
  wakesParked: ({ context, event }: Args) => event.type === 'host.stub.wake' && event.to === 'stub' && hasInt(context.parked, event.stub),
  /** A handler the kernel woke for work hands back (not the one woken to return). */
  endsWork: ({ context, event }: Args) =>
    event.type === 'host.stub.wake' && event.to === 'kernel' && hasInt(context.handling, event.stub) && event.stub !== context.resuming,
  /** A stub's own host call, made by its handler. */
  inHandler: ({ context, event }: Args) => event.type === 'host.stub.syscall' && hasInt(context.handling, event.stub),
  /** The handler that returns into guest code is the one the kernel woke to return. */
  resumingReturns: ({ context, event }: Args) => event.type === 'host.stub.sigreturn' && event.stub === context.resuming,
  /** A stub that waits for the kernel is killed. */
  killable: ({ context, event }: Args) => event.type === 'host.stub.kill' && hasInt(context.parked, event.stub),
  /** No handler is at work for the kernel (it may decide what runs next). */
  noWork: ({ context }: Args) => context.handling.length === 0,
  /** Some stub's handler runs: only a stub's own calls change its mappings. */
  handlerWorks: ({ context }: Args) => context.handling.length > 0,
};

/** Why a guard said no. */
export const seccompStubExplanations = {
  newStub: ({ event }: Args): Why | undefined =>
    event.type === 'host.stub.create' ? because(`host.stub.create of stub ${event.stub}, which exists already`, 'seen') : undefined,
  runningSignals: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.signal'
      ? because(`host.stub.signal ${event.sig} in stub ${event.stub}, which is ${where(context, event.stub)}: only the stub running guest code takes an entry`, 'running')
      : undefined,
  handsEntry: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.wake'
      ? because(`host.stub.wake of the kernel by stub ${event.stub}, but the entry in hand is ${context.pending === null ? 'none' : `stub ${context.pending.stub}'s`}`, 'pending')
      : undefined,
  entryReady: ({ context, event }: Args, params: { sig: StubSignal }): Why => {
    if (context.pending === null) return because(`${event.type} without an entry handed over by a stub's handler`, 'pending');
    if (!context.handed) return because(`${event.type} before stub ${context.pending.stub}'s handler handed its ${context.pending.sig} over (no futex wake of the kernel)`, 'handed');
    return because(`${event.type}, but stub ${context.pending.stub}'s handler took a ${context.pending.sig} (a ${entryName(context.pending.sig)}), not a ${params.sig}`, 'pending');
  },
  wakesParked: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.wake' ? because(`host.stub.wake of stub ${event.stub}, which is ${where(context, event.stub)}, not waiting for the kernel`, 'parked') : undefined,
  endsWork: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.wake' ? because(`host.stub.wake of the kernel by stub ${event.stub}, which is ${where(context, event.stub)}`, 'handling') : undefined,
  inHandler: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.syscall'
      ? because(
        event.stub === context.running
          ? `host.stub.syscall ${event.nr} by stub ${event.stub} while it runs guest code: a stub's own calls are its handler's, for the guest kernel (the filter allows them by instruction pointer, so guest code that jumps into the stub's page makes them)`
          : `host.stub.syscall ${event.nr} by stub ${event.stub}, which is ${where(context, event.stub)}, not in its handler`,
        'handling')
      : undefined,
  resumingReturns: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.sigreturn'
      ? because(`host.stub.sigreturn of stub ${event.stub} into guest code, but the stub the kernel woke to return is ${context.resuming ?? 'none'}`, 'resuming')
      : undefined,
  killable: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.kill' ? because(`host.stub.kill of stub ${event.stub}, which is ${where(context, event.stub)}`, 'parked') : undefined,
  noWork: ({ context, event }: Args): Why => because(`${event.type} while stub ${context.handling.join(', ')} still works for the kernel`, 'handling'),
  handlerWorks: ({ event }: Args): Why => because(`${event.type} while no stub's handler runs: only a stub's own calls change its mappings`, 'handling'),
};

/** The updates of the data. */
export const seccompStubUpdates = {
  /** A new stub exists, waiting for the kernel (its start-up is part of its creation). */
  createStub: ({ context, event }: Args): Partial<SeccompStubContext> =>
    event.type === 'host.stub.create' ? { seen: withInt(context.seen, event.stub), parked: withInt(context.parked, event.stub) } : {},
  /** The running stub's handler starts for a signal: the entry is in its hands. */
  takeSignal: ({ context, event }: Args): Partial<SeccompStubContext> =>
    event.type === 'host.stub.signal' ? { running: null, handling: withInt(context.handling, event.stub), pending: { stub: event.stub, sig: event.sig }, handed: false } : {},
  /** A handler wakes the kernel and waits (handing over the pending entry, if it is its own). */
  park: ({ context, event }: Args): Partial<SeccompStubContext> =>
    event.type === 'host.stub.wake'
      ? { handling: withoutInt(context.handling, event.stub), parked: withInt(context.parked, event.stub), handed: context.handed || context.pending?.stub === event.stub }
      : {},
  /** The guest kernel took the entry. */
  takeEntry: (): Partial<SeccompStubContext> => ({ pending: null, handed: false }),
  /** The kernel wakes a waiting stub's handler. */
  wake: ({ context, event }: Args): Partial<SeccompStubContext> =>
    event.type === 'host.stub.wake' ? { parked: withoutInt(context.parked, event.stub), handling: withInt(context.handling, event.stub) } : {},
  /** The kernel wakes a waiting stub to return into guest code. */
  wakeToReturn: ({ context, event }: Args): Partial<SeccompStubContext> =>
    event.type === 'host.stub.wake'
      ? { parked: withoutInt(context.parked, event.stub), handling: withInt(context.handling, event.stub), resuming: event.stub }
      : {},
  /** The handler returns into guest code. */
  resumeGuest: ({ context, event }: Args): Partial<SeccompStubContext> =>
    event.type === 'host.stub.sigreturn' ? { handling: withoutInt(context.handling, event.stub), running: event.stub, resuming: null } : {},
  /** A stub is gone. */
  killStub: ({ context, event }: Args): Partial<SeccompStubContext> =>
    event.type === 'host.stub.kill' ? { parked: withoutInt(context.parked, event.stub) } : {},
};
