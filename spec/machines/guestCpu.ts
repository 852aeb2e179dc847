/**
 * The abstract guest CPU: what the guest kernel and its applications see of
 * the virtual machine, whatever the VMM does underneath. Guest kernel mode is
 * entered by syscall, interrupt or fault and left by return-to-user (or idle);
 * process switches happen in kernel mode; a failed access must reach the guest
 * kernel as a fault before anything else happens in the guest.
 */
import { setup } from 'xstate';
import { regionOf } from '../layout.ts';
import { regionPermitted } from '../permission.ts';
import type { GuestMode, SpecEvent, SpecEventType } from '../types.ts';

function accessIs(event: SpecEvent, mode: GuestMode, outcome: 'ok' | 'fault'): boolean {
  if (event.type !== 'guest.access' || event.outcome !== outcome) return false;
  return outcome === 'fault' || regionPermitted(mode, regionOf(event.addr));
}

/** The abstract guest CPU machine. */
export const guestCpuMachine = setup({
  types: { events: {} as SpecEvent },
  guards: {
    /** A successful access to a region the mode may reach. */
    permittedAccess: ({ event }, params: { mode: GuestMode }) => accessIs(event, params.mode, 'ok'),
    /** A failed access (any region). */
    failedAccess: ({ event }) => accessIs(event, 'user', 'fault'),
  },
}).createMachine({
  id: 'guest-cpu',
  initial: 'kernel',
  states: {
    user: {
      description: 'A guest application runs (guest user mode).',
      on: {
        'guest.syscall': 'kernel',
        'guest.interrupt': 'kernel',
        'guest.access': [
          { guard: { type: 'permittedAccess', params: { mode: 'user' } }, target: 'user' },
          { guard: 'failedAccess', target: 'userFaulting' },
        ],
      },
    },
    userFaulting: {
      description: 'A user access failed; the guest kernel must see the fault next.',
      on: { 'guest.fault': 'kernel' },
    },
    kernel: {
      description: 'The guest kernel runs (guest kernel mode); the machine boots here.',
      on: {
        'guest.return': 'user',
        'guest.idle': 'idle',
        'guest.switch': 'kernel',
        'guest.halt': 'halted',
        'guest.access': [
          { guard: { type: 'permittedAccess', params: { mode: 'kernel' } }, target: 'kernel' },
          { guard: 'failedAccess', target: 'kernelFaulting' },
        ],
      },
    },
    kernelFaulting: {
      description: 'A kernel access failed; the guest kernel handles its own fault next.',
      on: { 'guest.fault': 'kernel' },
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
];
