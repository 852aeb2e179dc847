/**
 * The abstract guest CPU: what the guest kernel and its applications see of
 * the virtual machine, whatever the VMM does underneath. Guest kernel mode is
 * entered by syscall, interrupt or fault and left by return-to-user (or idle);
 * process switches, creation and exit happen in kernel mode; a failed access
 * must reach the guest kernel as that very fault before anything else happens
 * in the guest. Its data: the current and live processes, the failed access.
 */
import { setup } from 'xstate';
import type { SpecEvent, SpecEventType } from '../types.ts';
import { asActions } from '../relations/updates.ts';
import { cpuGuards, cpuUpdates, initialCpuContext, type CpuContext, type SpecInput } from './cpuRelations.ts';

const access = (mode: 'user' | 'kernel', stay: string, faulting: string) => [
  { guard: { type: 'permittedAccess', params: { mode } }, target: stay },
  { guard: { type: 'failedAccess', params: { mode } }, target: faulting, actions: 'rememberFailure' },
] as const;

/** The abstract guest CPU machine. */
export const guestCpuMachine = setup({
  types: { events: {} as SpecEvent, context: {} as CpuContext, input: {} as SpecInput | undefined },
  guards: cpuGuards,
  actions: asActions(cpuUpdates),
}).createMachine({
  id: 'guest-cpu',
  initial: 'kernel',
  context: ({ input }) => initialCpuContext(input),
  states: {
    user: {
      description: 'A guest application runs (guest user mode).',
      on: {
        'guest.syscall': { guard: 'currentLive', target: 'kernel', actions: 'noteSyscall' },
        'guest.interrupt': 'kernel',
        'guest.access': access('user', 'user', 'userFaulting'),
        'guest.fault': { guard: 'faultUnrecorded', target: 'kernel' },
      },
    },
    userFaulting: {
      description: 'A user access failed; the guest kernel must see that fault next.',
      on: { 'guest.fault': { guard: 'faultMatches', target: 'kernel', actions: 'forgetFailure' } },
    },
    kernel: {
      description: 'The guest kernel runs (guest kernel mode); the machine boots here.',
      on: {
        'guest.return': { guard: 'currentLive', target: 'user' },
        'guest.idle': 'idle',
        'guest.switch': { guard: 'switchValid', target: 'kernel', actions: 'switchProcess' },
        'guest.spawn': { guard: 'spawnValid', target: 'kernel', actions: 'spawnProcess' },
        'guest.exit': { guard: 'exitValid', target: 'kernel', actions: 'endProcess' },
        'guest.halt': 'halted',
        'guest.access': access('kernel', 'kernel', 'kernelFaulting'),
      },
    },
    kernelFaulting: {
      description: 'A kernel access failed; the guest kernel handles its own fault next.',
      on: { 'guest.fault': { guard: 'faultMatches', target: 'kernel', actions: 'forgetFailure' } },
    },
    idle: {
      description: 'No guest process is runnable; the guest waits for an interrupt.',
      on: { 'guest.interrupt': 'kernel' },
    },
    halted: { type: 'final', description: 'The guest machine has stopped.' },
  },
});

/** The event types the guest CPU constrains: the guest layer. */
export const GUEST_CPU_ALPHABET: readonly SpecEventType[] = [
  'guest.syscall', 'guest.interrupt', 'guest.access', 'guest.fault', 'guest.return', 'guest.idle', 'guest.switch', 'guest.halt',
  'guest.spawn', 'guest.exit',
];
