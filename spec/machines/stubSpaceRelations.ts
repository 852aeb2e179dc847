/**
 * Address spaces as stub processes (real skas0): each guest process's address
 * space is a host process of its own, a stub, and a guest switch is the
 * resumption of another stub. The relations tie stubs to processes: a stub is
 * created for a process that is waiting for an address space (a new child, or
 * a process in `execve`); the stop the guest kernel takes is the stop of the
 * stub of the process it names; the stub resumed into guest code is the stub
 * of the process the guest kernel returned to; a stub that holds a live
 * process's address space is not killed.
 */
import { because, type GuardArgs, type Why } from '../relations/explain.ts';
import { bind, keyOf, lookup, unbind, type IntMap } from '../relations/pidSet.ts';
import type { SpecEvent } from '../types.ts';

/** The data. */
export interface StubSpaceContext {
  /** The stub holding each live process's address space. */
  readonly stubOf: IntMap;
  /** A process waiting for a new stub (a spawned child, or a process in `execve`). */
  readonly waiting: number | null;
  /** The stub running guest code. */
  readonly running: number | null;
  /** The stub whose stop the guest kernel has not taken yet (a stop of the running stub). */
  readonly lastStop: number | null;
  /** The process the guest kernel returned to last. */
  readonly returning: number | null;
}

/** The data at boot. */
export const initialStubSpaceContext = (): StubSpaceContext => ({ stubOf: [], waiting: null, running: null, lastStop: null, returning: null });

type Args = GuardArgs<StubSpaceContext>;

const entryPid = (event: SpecEvent): number | undefined =>
  event.type === 'guest.syscall' || event.type === 'guest.fault' ? event.pid : undefined;

/** A stub resumed into guest code: a PTRACE_SYSEMU (ptrace stubs) or its handler's rt_sigreturn (seccomp stubs). */
const isIntoGuest = (event: SpecEvent): event is Extract<SpecEvent, { type: 'host.stub.resume' | 'host.stub.sigreturn' }> =>
  (event.type === 'host.stub.resume' && event.how === 'sysemu') || event.type === 'host.stub.sigreturn';

const stubWords = (stub: number | undefined): string => (stub === undefined ? 'none' : `stub ${stub}`);

/** The guards. */
export const stubSpaceGuards = {
  /** A stub is created while a process waits for one. */
  someoneWaits: ({ context }: Args) => context.waiting !== null,
  /** Nobody waits for a stub (one spawn or execve at a time). */
  nobodyWaits: ({ context }: Args) => context.waiting === null,
  /** The process whose entry the guest kernel takes is the one whose stub stopped. */
  entryOfStoppedStub: ({ context, event }: Args) => {
    const pid = entryPid(event);
    return pid !== undefined && context.lastStop !== null && lookup(context.stubOf, pid) === context.lastStop;
  },
  /** A fault the guest kernel takes with no stub stop pending: its own (a failed copy from user memory). */
  kernelOwnFault: ({ context, event }: Args) => event.type === 'guest.fault' && context.lastStop === null,
  /** The stub resumed into guest code holds the address space of the process the kernel returned to. */
  resumesReturningProcess: ({ context, event }: Args) =>
    !isIntoGuest(event) || (context.returning !== null && lookup(context.stubOf, context.returning) === event.stub),
  /** The stub killed holds no live process's address space. */
  orphanStub: ({ context, event }: Args) => event.type === 'host.stub.kill' && keyOf(context.stubOf, event.stub) === undefined,
};

/** Why a guard said no. */
export const stubSpaceExplanations = {
  someoneWaits: ({ event }: Args): Why => because(`${event.type} while no process waits for an address space (no guest.spawn or execve before it)`, 'waiting'),
  nobodyWaits: ({ context, event }: Args): Why => because(`${event.type} while process ${context.waiting} still waits for its stub`, 'waiting'),
  entryOfStoppedStub: ({ context, event }: Args): Why | undefined => {
    const pid = entryPid(event);
    if (pid === undefined) return undefined;
    const holder = context.lastStop === null ? undefined : keyOf(context.stubOf, context.lastStop);
    return because(
      `${event.type} of pid ${pid}, but the stub that stopped is ${stubWords(context.lastStop ?? undefined)}`
        + `${holder === undefined ? '' : `, pid ${holder}'s`} and pid ${pid}'s is ${stubWords(lookup(context.stubOf, pid))}`,
      'stubOf',
    );
  },
  resumesReturningProcess: ({ context, event }: Args): Why | undefined => {
    if (!isIntoGuest(event)) return undefined;
    if (context.returning === null) return because(`${event.type} of stub ${event.stub} into guest code before the guest kernel returned to a process`, 'returning');
    return because(
      `${event.type} of stub ${event.stub}, but the guest kernel returned to pid ${context.returning}, whose address space is ${stubWords(lookup(context.stubOf, context.returning))}`,
      'stubOf',
    );
  },
  orphanStub: ({ context, event }: Args): Why | undefined =>
    event.type === 'host.stub.kill'
      ? because(`host.stub.kill of stub ${event.stub}, which holds the address space of live pid ${keyOf(context.stubOf, event.stub)}`, 'stubOf')
      : undefined,
};

/** The updates. */
export const stubSpaceUpdates = {
  /** A new child waits for its stub. */
  awaitStub: ({ event }: Args): Partial<StubSpaceContext> =>
    event.type === 'guest.spawn' || (event.type === 'guest.syscall' && event.nr === 'execve') ? { waiting: event.pid } : {},
  /** The waiting process gets the new stub (an `execve`'s old stub is left to be killed). */
  bindStub: ({ context, event }: Args): Partial<StubSpaceContext> =>
    event.type === 'host.stub.create' && context.waiting !== null ? { stubOf: bind(context.stubOf, context.waiting, event.stub), waiting: null } : {},
  /** A process ends: its stub holds nothing live any more. */
  releaseStub: ({ context, event }: Args): Partial<StubSpaceContext> =>
    event.type === 'guest.exit' ? { stubOf: unbind(context.stubOf, event.pid), waiting: context.waiting === event.pid ? null : context.waiting } : {},
  /** The running stub stops: its entry is pending (a stub call's end is not an entry). */
  noteStop: ({ context, event }: Args): Partial<StubSpaceContext> =>
    (event.type === 'host.stub.stop' || event.type === 'host.stub.signal') && event.stub === context.running ? { lastStop: event.stub, running: null } : {},
  /** The guest kernel took the pending entry. */
  takeStop: (): Partial<StubSpaceContext> => ({ lastStop: null }),
  /** A stub runs guest code. */
  noteResume: ({ event }: Args): Partial<StubSpaceContext> => (isIntoGuest(event) ? { running: event.stub } : {}),
  noteReturn: ({ event }: Args): Partial<StubSpaceContext> => (event.type === 'guest.return' ? { returning: event.pid } : {}),
};
