/**
 * Mediation by a VMM loaded into the host kernel as a module (paper §4.1,
 * figure 5). A guest syscall takes 4 steps and no host context switch:
 * (1) the module intercepts the app's syscall inside the host kernel,
 * (2–3) it maps the guest kernel's data (or widens the segment, or enters
 * ring 1), (4) it sends SIGUSR1 to the guest kernel's handler. Host syscalls
 * of the guest kernel are checked against the allow-list in the kernel too.
 */
import {
  ALL_EFFECTS, callEffectsWindow, effectsWindow, guestAppRunning, guestKernelRunning, mediationContext, mediationSetup,
} from './mediationParts.ts';

const usr1 = { type: 'signalIs', params: { sig: 'SIGUSR1' } } as const;

/** The kernel-module mediation machine. */
export const kernelModuleMachine = mediationSetup.createMachine({
  id: 'kernel-module',
  initial: 'boot',
  context: mediationContext,
  states: {
    boot: {
      description: 'The VMM builds the guest machine (maps its memory, sets up protection).',
      on: { ...effectsWindow('boot', ALL_EFFECTS), 'vmm.start': '#kernel-module.kernel' },
    },
    app: guestAppRunning,
    trap: {
      description: "Paper's 4 steps: intercept in the host kernel, map guest kernel data, SIGUSR1 to the handler.",
      initial: 'interceptPending',
      states: {
        interceptPending: { on: { 'vmm.intercept': { guard: 'sameCall', target: 'intercepted' } } },
        intercepted: {
          on: { ...effectsWindow('intercepted', ALL_EFFECTS), 'host.signal.send': { guard: usr1, target: 'usr1Sent', actions: 'sendSignal' } },
        },
        usr1Sent: {
          on: { 'host.signal.deliver': { guard: 'signalInFlight', target: '#kernel-module.kernel', actions: 'deliverSignal' } },
        },
      },
    },
    irq: {
      description: 'A host-raised signal (timer, I/O, fault): the module prepares the guest kernel, then delivers it.',
      on: {
        ...effectsWindow('irq', ALL_EFFECTS),
        'host.signal.deliver': { guard: 'signalInFlight', target: '#kernel-module.kernel', actions: 'deliverSignal' },
      },
    },
    kernel: {
      description: "The guest kernel runs inside the guest-machine process's signal handler.",
      initial: 'running',
      states: {
        running: guestKernelRunning('kernel-module'),
        hostcall: {
          description: 'A host syscall of the guest kernel, checked by the module against the allow-list.',
          initial: 'checking',
          states: {
            checking: {
              on: { 'vmm.allow': { guard: 'allowCall', target: 'executing' }, 'vmm.deny': { guard: 'denyCall', target: 'failing' } },
            },
            executing: {
              on: { ...callEffectsWindow('executing'), 'host.syscall.exit': { guard: 'sameCall', target: '#kernel-module.kernel.running', actions: 'endCall' } },
            },
            failing: { on: { 'host.syscall.exit': { guard: 'failedExit', target: '#kernel-module.kernel.running', actions: 'endCall' } } },
          },
        },
        sigreturn: {
          description: 'The handler returns to guest user code; the module restores protection on the way.',
          initial: 'checking',
          states: {
            checking: { on: { 'vmm.allow': { guard: 'allowCall', target: 'returning' } } },
            returning: { on: { ...effectsWindow('returning', ALL_EFFECTS), 'host.signal.return': { target: 'returned', actions: 'endCall' } } },
            returned: { on: { 'guest.return': '#kernel-module.app', 'guest.idle': '#kernel-module.app' } },
          },
        },
      },
    },
    halted: { type: 'final', description: 'The guest machine has stopped.' },
  },
});
