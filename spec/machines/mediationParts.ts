/**
 * Guards, effect windows and the guest-kernel state shared by the two mediation machines. A guard
 * reads only an event's symbol features (see `alphabet.ts`). An *effect
 * window* is a state in which host effects (mapping, protection, segment,
 * ring, address-space changes) may happen: effects anywhere else are rejected,
 * which pins down where in the syscall path the protection work is done.
 */
import { isAllowedForGuestKernel } from '../allowList.ts';
import type { HostRole, HostSignal, SpecEvent, SpecEventType } from '../types.ts';

/** Host signals raised by the host kernel itself: timer, device completion, fault. */
export const HOST_RAISED_SIGNALS: readonly HostSignal[] = ['SIGALRM', 'SIGIO', 'SIGSEGV'];

/** Effects a syscall makes on the guest-machine process's memory map. */
export const MEMORY_EFFECTS = ['host.mm.map', 'host.mm.unmap', 'host.mm.protect', 'host.as.switch'] as const satisfies readonly SpecEventType[];
/** Effects only the VMM can make: the segment limit and the privilege ring. */
export const REGISTER_EFFECTS = ['host.segment.set', 'host.ring.set'] as const satisfies readonly SpecEventType[];
/** Every host effect. */
export const ALL_EFFECTS = [...MEMORY_EFFECTS, ...REGISTER_EFFECTS] as const;

/** `on` entries that keep state `self` on each effect of `kinds`. */
export function effectsWindow<const S extends string>(self: S, kinds: readonly SpecEventType[]): Record<string, S> {
  return Object.fromEntries(kinds.map((kind) => [kind, self]));
}

function sigOf(event: SpecEvent): HostSignal | undefined {
  return event.type === 'host.signal.send' || event.type === 'host.signal.deliver' || event.type === 'vmm.forward' ? event.sig : undefined;
}

/** The guard implementations, keyed by the names the machines use. */
export const mediationGuards = {
  /** The signal is `sig`. */
  signalIs: ({ event }: { event: SpecEvent }, params: { sig: HostSignal }) => sigOf(event) === params.sig,
  /** The signal is one the host raises (timer, I/O, fault), not the VMM's SIGUSR1. */
  hostRaisedSignal: ({ event }: { event: SpecEvent }) => {
    const sig = sigOf(event);
    return sig !== undefined && HOST_RAISED_SIGNALS.includes(sig);
  },
  /** A ptrace stop at `at`. */
  stopAt: ({ event }: { event: SpecEvent }, params: { at: 'enter' | 'exit' | 'signal' }) =>
    event.type === 'host.ptrace.stop' && event.at === params.at,
  /** A host context switch to `to`. */
  switchTo: ({ event }: { event: SpecEvent }, params: { to: HostRole }) => event.type === 'host.ctxswitch' && event.to === params.to,
  /** The syscall (entered, exited or rewritten to) is `nr`. */
  syscallIs: ({ event }: { event: SpecEvent }, params: { nr: 'getpid' | 'sigreturn' }) =>
    (event.type === 'host.syscall.enter' || event.type === 'host.syscall.exit') ? event.nr === params.nr
      : event.type === 'vmm.rewrite' ? event.to === params.nr : false,
  /** The VMM's verdict names a syscall on the guest kernel's allow-list. */
  listed: ({ event }: { event: SpecEvent }) => (event.type === 'vmm.allow' || event.type === 'vmm.deny') && isAllowedForGuestKernel(event.nr),
  /** The VMM's verdict names a syscall off the allow-list. */
  unlisted: ({ event }: { event: SpecEvent }) => (event.type === 'vmm.allow' || event.type === 'vmm.deny') && !isAllowedForGuestKernel(event.nr),
};

/** What both mediation machines listen to. */
export const MEDIATION_ALPHABET: readonly SpecEventType[] = [
  'vmm.start', 'host.syscall.enter', 'host.syscall.exit', 'host.ptrace.stop', 'host.ptrace.resume', 'host.ctxswitch',
  'host.signal.send', 'host.signal.deliver', 'host.signal.return', ...ALL_EFFECTS,
  'vmm.intercept', 'vmm.rewrite', 'vmm.allow', 'vmm.deny', 'vmm.forward',
  'guest.access', 'guest.syscall', 'guest.interrupt', 'guest.fault', 'guest.switch', 'guest.return', 'guest.idle', 'guest.halt',
];

/**
 * The state in which the guest kernel runs inside the handler, shared by both
 * mediations: guest kernel work happens here, a host syscall starts a checked
 * host call (or, for sigreturn, the return to user), and halting ends the machine.
 */
export function guestKernelRunning<const Id extends string>(machineId: Id) {
  return {
    on: {
      'host.syscall.enter': [
        { guard: { type: 'syscallIs', params: { nr: 'sigreturn' } }, target: 'sigreturn' },
        { target: 'hostcall' },
      ],
      'guest.access': 'running',
      'guest.syscall': 'running',
      'guest.interrupt': 'running',
      'guest.fault': 'running',
      'guest.switch': 'running',
      'guest.halt': `#${machineId}.halted`,
    },
  } as const;
}

/** The state in which guest application code runs: its syscalls trap, host-raised signals interrupt it. */
export const guestAppRunning = {
  description: 'Guest application code runs in the guest-machine process.',
  on: {
    'guest.access': 'app',
    'host.syscall.enter': 'trap',
    'host.signal.send': { guard: 'hostRaisedSignal', target: 'irq' },
  },
} as const;
