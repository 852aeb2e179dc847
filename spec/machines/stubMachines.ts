/**
 * Real User-Mode Linux skas0 (the `skas0` preset; its seccomp-stub mediation is
 * in seccompStubMachine.ts): the guest kernel runs in
 * the VMM's own host process and traces one stub process per guest address
 * space. Three machines, one per axis:
 * * mediation `ptrace-sysemu`: a guest syscall is one PTRACE_SYSEMU stop of
 *   the running stub, its registers read, the guest kernel's work, the
 *   registers written and the stub resumed; a fault or timer is a signal stop
 *   taken the same way; the guest kernel changes a stub's mappings by stub
 *   calls (the stub resumed to run its own code, until it stops again);
 * * protection `separate-kernel`: the guest kernel is in another host
 *   process, so there is nothing to open or close: no protection, segment,
 *   ring or switch-guest call is made, and a stub never maps the guest-kernel
 *   or host-kernel region;
 * * address spaces `stub-processes`: a guest switch is the resumption of the
 *   next process's stub (stubSpaceRelations.ts).
 */
import { setup } from 'xstate';
import { classifyRange } from '../layout.ts';
import { because, type GuardArgs, type Why } from '../relations/explain.ts';
import { asActions } from '../relations/updates.ts';
import type { SpecEvent, SpecEventType } from '../types.ts';
import type { SpecInput } from './cpuRelations.ts';
import { SECCOMP_STUB_EVENTS, STUB_EVENTS, STUB_MEDIATION_ALPHABET } from './stubAlphabet.ts';

export { STUB_MEDIATION_ALPHABET };
import { initialStubMediationContext, stubMediationGuards, stubMediationUpdates, type StubMediationContext } from './stubMediationRelations.ts';
import { initialStubSpaceContext, stubSpaceGuards, stubSpaceUpdates, type StubSpaceContext } from './stubSpaceRelations.ts';


const mediationSetup = setup({
  types: { events: {} as SpecEvent, context: {} as StubMediationContext, input: {} as SpecInput | undefined },
  guards: stubMediationGuards,
  actions: asActions(stubMediationUpdates),
});

/** What the guest kernel may do with stubs while it runs and while it returns: move registers, run stub calls. */
const stubWork = <const S extends string>(self: S) => ({
  'host.stub.regs': { guard: 'stubStopped', actions: 'moveRegisters' },
  'host.stub.resume': { guard: 'startsCall', actions: 'startCall' },
  'host.stub.stop': { guard: 'callEnds', actions: 'endCall' },
  'host.signal.send': { target: self },
  'host.mm.map': { guard: 'callInFlight', target: self },
  'host.mm.unmap': { guard: 'callInFlight', target: self },
}) as const;

/** Mediation by PTRACE_SYSEMU stops of stub processes. */
export const stubSysemuMachine = mediationSetup.createMachine({
  id: 'ptrace-sysemu',
  initial: 'boot',
  context: () => initialStubMediationContext(),
  states: {
    boot: { description: 'The VMM process starts the guest kernel.', on: { 'vmm.start': 'kernel' } },
    user: {
      description: 'One stub runs guest code; the VMM waits for it to stop.',
      on: {
        'host.stub.stop': { guard: 'runningStops', target: 'stopped', actions: 'stopRunning' },
        'host.stub.regs': { guard: 'stubStopped', target: 'user' },
        'host.signal.send': { target: 'user' },
      },
    },
    stopped: {
      description: 'A stub stopped: the VMM reads its registers, then the guest kernel takes the syscall, fault or timer.',
      on: {
        'host.stub.regs': { guard: 'readsPending', actions: 'moveRegisters' },
        'host.signal.send': { target: 'stopped' },
        'guest.syscall': { guard: { type: 'entryReady', params: { why: 'syscall' } }, target: 'kernel', actions: 'takeEntry' },
        'guest.fault': { guard: { type: 'entryReady', params: { why: 'signal' } }, target: 'kernel', actions: 'takeEntry' },
        'guest.interrupt': { guard: { type: 'entryReady', params: { why: 'signal' } }, target: 'kernel', actions: 'takeEntry' },
      },
    },
    kernel: {
      description: "The guest kernel runs in the VMM's process: it moves stubs' registers, runs stub calls, creates and kills stubs, takes its own faults (a failed copy from user memory).",
      on: {
        ...stubWork('kernel'),
        'host.stub.create': { guard: 'newStub', actions: 'createStub' },
        'host.stub.kill': { guard: 'killable', actions: 'killStub' },
        'guest.switch': { target: 'kernel' },
        'guest.fault': { target: 'kernel' },
        'guest.spawn': { target: 'kernel' },
        'guest.exit': { target: 'kernel' },
        'guest.return': { guard: 'noCall', target: 'returning' },
        'guest.idle': { guard: 'noCall', target: 'idle' },
        'guest.halt': { guard: 'noCall', target: 'halted' },
      },
    },
    idle: {
      description: "No guest process can run: the VMM's process waits for a timer or I/O signal of its own.",
      on: { 'guest.interrupt': 'kernel' },
    },
    returning: {
      description: "The guest kernel returns to a process: the VMM writes its stub's registers and resumes it (a dead process's stub may be killed on the way: its mm goes at the switch).",
      on: {
        ...stubWork('returning'),
        'host.stub.kill': { guard: 'killable', actions: 'killStub' },
        'host.stub.resume': [
          { guard: 'startsCall', actions: 'startCall' },
          { guard: 'resumeLoaded', target: 'user', actions: 'resumeGuest' },
        ],
      },
    },
    halted: { type: 'final', description: 'The guest machine has stopped.' },
  },
});

/** What the stub address-space machine listens to (both stub modes). */
export const STUB_SPACE_ALPHABET: readonly SpecEventType[] = [
  ...STUB_EVENTS, ...SECCOMP_STUB_EVENTS, 'guest.spawn', 'guest.syscall', 'guest.fault', 'guest.interrupt', 'guest.return', 'guest.exit', 'host.as.switch',
];

const spaceSetup = setup({
  types: { events: {} as SpecEvent, context: {} as StubSpaceContext, input: {} as SpecInput | undefined },
  guards: stubSpaceGuards,
  actions: asActions(stubSpaceUpdates),
});

/** Address spaces as stub processes: a switch is the resumption of another stub. */
export const stubProcessesMachine = spaceSetup.createMachine({
  id: 'stub-processes',
  initial: 'tracking',
  context: () => initialStubSpaceContext(),
  states: {
    tracking: {
      description: "Each live guest process's address space is one stub process.",
      on: {
        'guest.spawn': { guard: 'nobodyWaits', actions: 'awaitStub' },
        'guest.syscall': { guard: 'entryOfStoppedStub', actions: ['takeStop', 'awaitStub'] },
        'guest.fault': [
          { guard: 'kernelOwnFault', target: 'tracking' },
          { guard: 'entryOfStoppedStub', target: 'tracking', actions: 'takeStop' },
        ],
        'guest.interrupt': { target: 'tracking', actions: 'takeStop' },
        'guest.return': { actions: 'noteReturn' },
        'guest.exit': { actions: 'releaseStub' },
        'host.stub.create': { guard: 'someoneWaits', actions: 'bindStub' },
        'host.stub.kill': { guard: 'orphanStub', target: 'tracking' },
        'host.stub.stop': { actions: 'noteStop' },
        'host.stub.resume': { guard: 'resumesReturningProcess', target: 'tracking', actions: 'noteResume' },
        'host.stub.regs': { target: 'tracking' },
        // Seccomp stubs: a handler's signal is the stop, its return into guest code the resumption.
        'host.stub.signal': { actions: 'noteStop' },
        'host.stub.sigreturn': { guard: 'resumesReturningProcess', target: 'tracking', actions: 'noteResume' },
        'host.stub.wake': { target: 'tracking' },
        'host.stub.syscall': { target: 'tracking' },
      },
    },
  },
});

type ProtectionArgs = GuardArgs<Record<string, never>>;

const userRangeOnly = ({ event }: ProtectionArgs): boolean =>
  (event.type === 'host.mm.map' || event.type === 'host.mm.unmap') && classifyRange(event.start, event.pages).startsWith('user');

/** What the separate-kernel protection listens to: every protection and switch operation, and stub mappings. */
export const SEPARATE_KERNEL_ALPHABET: readonly SpecEventType[] = [
  'host.mm.map', 'host.mm.unmap', 'host.mm.protect', 'host.segment.set', 'host.ring.set', 'host.as.switch',
];

/** Protection by keeping the guest kernel in another host process: nothing is ever opened, so nothing is closed. */
export const separateKernelMachine = setup({
  types: { events: {} as SpecEvent, context: {} as Record<string, never>, input: {} as SpecInput | undefined },
  guards: { userRangeOnly },
}).createMachine({
  id: 'separate-kernel',
  initial: 'apart',
  context: () => ({}),
  states: {
    apart: {
      description: "The guest kernel's memory is in the VMM's process; stubs map guest user pages only.",
      on: { 'host.mm.map': { guard: 'userRangeOnly', target: 'apart' }, 'host.mm.unmap': { guard: 'userRangeOnly', target: 'apart' } },
    },
  },
});

/** Why the separate-kernel guard said no. */
export const separateKernelExplanations = {
  userRangeOnly: ({ event }: ProtectionArgs): Why | undefined =>
    event.type === 'host.mm.map' || event.type === 'host.mm.unmap'
      ? because(`${event.type} of ${classifyRange(event.start, event.pages)} pages in a stub: a stub maps guest user pages only`)
      : undefined,
};
