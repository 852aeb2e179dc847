/**
 * Mediation by seccomp stubs (the `skas0-seccomp` preset: UML ≥ 6.16 with
 * `seccomp=on`): a guest syscall, fault or timer is a signal taken by the
 * running stub's own handler (a seccomp filter's `SIGSYS`, a `SIGSEGV`, a
 * `SIGALRM`), which hands the entry to the guest kernel's process with a
 * futex wake and waits; the guest kernel works (it may wake a waiting stub's
 * handler to make that stub's maps, which hands back with a wake); on the way
 * back the kernel wakes the stub of the process it returned to, whose handler
 * makes its pending maps and returns into guest code with `rt_sigreturn`.
 * No ptrace stop, register transfer or stub call. The relations are in
 * seccompStubRelations.ts.
 */
import { setup } from 'xstate';
import { asActions } from '../relations/updates.ts';
import type { SpecEvent, SpecEventType } from '../types.ts';
import type { SpecInput } from './cpuRelations.ts';
import { STUB_MEDIATION_ALPHABET } from './stubAlphabet.ts';
import { initialSeccompStubContext, seccompStubGuards, seccompStubUpdates, type SeccompStubContext } from './seccompStubRelations.ts';

/** What the seccomp-stub mediation listens to: the same events as the ptrace-stub one (each takes only its own mode's). */
export const SECCOMP_STUB_ALPHABET: readonly SpecEventType[] = STUB_MEDIATION_ALPHABET;

const mediationSetup = setup({
  types: { events: {} as SpecEvent, context: {} as SeccompStubContext, input: {} as SpecInput | undefined },
  guards: seccompStubGuards,
  actions: asActions(seccompStubUpdates),
});

/** The guest kernel takes the handed entry its signal calls for (refused, with the reason, before it is handed). */
const entries = {
  'guest.syscall': { guard: { type: 'entryReady', params: { sig: 'SIGSYS' } }, target: 'kernel', actions: 'takeEntry' },
  'guest.fault': { guard: { type: 'entryReady', params: { sig: 'SIGSEGV' } }, target: 'kernel', actions: 'takeEntry' },
  'guest.interrupt': [
    { guard: { type: 'entryReady', params: { sig: 'SIGALRM' } }, target: 'kernel', actions: 'takeEntry' },
    { guard: { type: 'entryReady', params: { sig: 'SIGIO' } }, target: 'kernel', actions: 'takeEntry' },
  ],
} as const;

/** A handler's own calls, allowed in every state (the guard says whose). */
const handlerCalls = <const S extends string>(self: S) => ({
  'host.stub.syscall': { guard: 'inHandler', target: self },
  // The mappings a handler's calls make (the emulator traces them; strace -f shows the calls, not their effect).
  'host.mm.map': { guard: 'handlerWorks', target: self },
  'host.mm.unmap': { guard: 'handlerWorks', target: self },
  'host.signal.send': { target: self },
}) as const;

/** Mediation by seccomp stubs and futex hand-offs. */
export const seccompStubMachine = mediationSetup.createMachine({
  id: 'seccomp-stub',
  initial: 'boot',
  context: () => initialSeccompStubContext(),
  states: {
    boot: { description: 'The VMM process starts the guest kernel.', on: { 'vmm.start': 'kernel' } },
    user: {
      description: 'One stub runs guest code; the kernel waits on its futex.',
      on: { ...handlerCalls('user'), 'host.stub.signal': { guard: 'runningSignals', target: 'trapped', actions: 'takeSignal' } },
    },
    trapped: {
      description: "The running stub's handler took a signal: it hands the entry to the kernel with a futex wake.",
      on: {
        ...handlerCalls('trapped'),
        'host.stub.wake': { guard: 'handsEntry', target: 'handed', actions: 'park' },
        ...entries,
      },
    },
    handed: {
      description: 'The entry is handed over: the guest kernel takes the syscall, fault or timer.',
      on: { ...handlerCalls('handed'), ...entries },
    },
    kernel: {
      description: "The guest kernel runs in the VMM's process: it creates and kills stubs, wakes waiting stubs' handlers to make their maps, takes its own faults.",
      on: {
        ...handlerCalls('kernel'),
        'host.stub.create': { guard: 'newStub', actions: 'createStub' },
        'host.stub.kill': { guard: 'killable', actions: 'killStub' },
        'host.stub.wake': [
          { guard: 'wakesParked', actions: 'wake' },
          { guard: 'endsWork', actions: 'park' },
        ],
        'guest.switch': { target: 'kernel' },
        'guest.fault': { target: 'kernel' },
        'guest.spawn': { target: 'kernel' },
        'guest.exit': { target: 'kernel' },
        'guest.return': { guard: 'noWork', target: 'returning' },
        'guest.idle': { guard: 'noWork', target: 'idle' },
        'guest.halt': { guard: 'noWork', target: 'halted' },
      },
    },
    idle: {
      description: "No guest process can run: the VMM's process waits for a timer or I/O signal of its own.",
      on: { 'guest.interrupt': 'kernel' },
    },
    returning: {
      description: 'The guest kernel returns to a process: it wakes that process\'s stub (a dead process\'s stub may be killed on the way).',
      on: {
        ...handlerCalls('returning'),
        'host.stub.kill': { guard: 'killable', actions: 'killStub' },
        'host.stub.wake': { guard: 'wakesParked', target: 'resuming', actions: 'wakeToReturn' },
      },
    },
    resuming: {
      description: "The woken stub's handler makes its pending maps and returns into guest code.",
      on: { ...handlerCalls('resuming'), 'host.stub.sigreturn': { guard: 'resumingReturns', target: 'user', actions: 'resumeGuest' } },
    },
    halted: { type: 'final', description: 'The guest machine has stopped.' },
  },
});
