/**
 * The events of stub processes in either mode (real UML skas0): ptrace stubs'
 * stops, register moves and resumptions, seccomp stubs' signals, futex
 * hand-offs, own calls and returns, and their creation and kill.
 */
import type { SpecEventType } from '../types.ts';

/** Ptrace stubs, and stubs of either mode made and killed. */
export const STUB_EVENTS = ['host.stub.create', 'host.stub.stop', 'host.stub.regs', 'host.stub.resume', 'host.stub.kill'] as const satisfies readonly SpecEventType[];

/** Seccomp stubs. */
export const SECCOMP_STUB_EVENTS = ['host.stub.signal', 'host.stub.wake', 'host.stub.syscall', 'host.stub.sigreturn'] as const satisfies readonly SpecEventType[];

/**
 * What a stub mediation (ptrace-sysemu or seccomp-stub) listens to: every stub event (each takes its own mode's and
 * never the other's), the guest entries and returns, and every event of the paper's mediations, which neither takes
 * (real skas0 has no getpid rewrite, no SIGUSR1, no sigreturn of the guest-machine process).
 */
export const STUB_MEDIATION_ALPHABET: readonly SpecEventType[] = [
  ...STUB_EVENTS, ...SECCOMP_STUB_EVENTS, 'vmm.start', 'host.signal.send', 'host.mm.map', 'host.mm.unmap',
  'guest.syscall', 'guest.interrupt', 'guest.fault', 'guest.return', 'guest.switch', 'guest.spawn', 'guest.exit', 'guest.idle', 'guest.halt',
  'host.syscall.enter', 'host.syscall.exit', 'host.ptrace.stop', 'host.ptrace.resume', 'host.ctxswitch', 'host.signal.deliver', 'host.signal.return',
  'vmm.intercept', 'vmm.rewrite', 'vmm.allow', 'vmm.deny', 'vmm.forward',
];
