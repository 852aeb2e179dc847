/**
 * Mediation by a separate VMM process that ptraces the guest-machine process
 * (the original UMLinux, paper §3 and figure 3). A guest syscall takes the
 * paper's 8 steps, each interception a host context switch to the VMM process:
 * (1) the app's syscall stops at entry, (2) the VMM rewrites it to getpid,
 * (3) getpid returns and stops at exit, (4) the VMM sends SIGUSR1 to the
 * guest kernel's handler, (5–7) host syscalls of the handler (mmap/mprotect of
 * guest kernel data) stop at entry and exit and are passed through, (8) the
 * handler runs the guest syscall and returns to the app with sigreturn.
 */
import {
  callEffectsWindow, effectsWindow, guestAppRunning, guestKernelRunning, mediationContext, mediationSetup, MEMORY_EFFECTS, REGISTER_EFFECTS,
} from './mediationParts.ts';

/** A host context switch to the VMM process (or back to the guest-machine process), which then runs. */
const toVmm = <const T extends string>(target: T) => ({ guard: { type: 'switchTo', params: { to: 'vmm-process' } }, target, actions: 'switchHost' }) as const;
const toGuest = <const T extends string>(target: T) => ({ guard: { type: 'switchTo', params: { to: 'guest-machine' } }, target, actions: 'switchHost' }) as const;
const stop = (at: 'enter' | 'exit' | 'signal') => ({ type: 'stopAt', params: { at } }) as const;

/** The ptrace-process mediation machine. */
export const ptraceProcessMachine = mediationSetup.createMachine({
  id: 'ptrace-process',
  initial: 'boot',
  context: mediationContext,
  states: {
    boot: {
      description: 'The VMM builds the guest machine (maps its memory, sets up protection).',
      on: { ...effectsWindow('boot', [...MEMORY_EFFECTS, ...REGISTER_EFFECTS]), 'vmm.start': '#ptrace-process.kernel' },
    },
    app: guestAppRunning,
    trap: {
      description: "Paper steps 1-4: the app's syscall goes to the VMM process and comes back as SIGUSR1.",
      initial: 'enterPending',
      states: {
        enterPending: { on: { 'host.ptrace.stop': { guard: stop('enter'), target: 'stoppedAtEnter' } } },
        stoppedAtEnter: { on: { 'host.ctxswitch': toVmm('vmmAtEnter') } },
        vmmAtEnter: { on: { 'vmm.rewrite': { guard: 'rewriteToNoop', target: 'rewritten', actions: 'rewriteCall' } } },
        rewritten: { on: { 'host.ptrace.resume': 'resumingNoop' } },
        resumingNoop: { on: { 'host.ctxswitch': toGuest('noopRunning') } },
        noopRunning: { on: { 'host.syscall.exit': { guard: 'sameCall', target: 'exitPending' } } },
        exitPending: { on: { 'host.ptrace.stop': { guard: stop('exit'), target: 'stoppedAtExit' } } },
        stoppedAtExit: { on: { 'host.ctxswitch': toVmm('vmmAtExit') } },
        vmmAtExit: {
          on: {
            ...effectsWindow('vmmAtExit', REGISTER_EFFECTS),
            'host.signal.send': { guard: { type: 'signalIs', params: { sig: 'SIGUSR1' } }, target: 'usr1Sent', actions: 'sendSignal' },
          },
        },
        usr1Sent: { on: { 'host.ptrace.resume': 'resumingHandler' } },
        resumingHandler: { on: { 'host.ctxswitch': toGuest('deliverPending') } },
        deliverPending: {
          on: { 'host.signal.deliver': { guard: 'signalInFlight', target: '#ptrace-process.kernel', actions: 'deliverSignal' } },
        },
      },
    },
    irq: {
      description: 'A host-raised signal (timer, I/O, fault) stops the traced process; the VMM forwards it.',
      initial: 'stopPending',
      states: {
        stopPending: { on: { 'host.ptrace.stop': { guard: stop('signal'), target: 'stoppedAtSignal' } } },
        stoppedAtSignal: { on: { 'host.ctxswitch': toVmm('vmmAtSignal') } },
        vmmAtSignal: {
          on: { ...effectsWindow('vmmAtSignal', REGISTER_EFFECTS), 'vmm.forward': { guard: 'signalInFlight', target: 'forwarded' } },
        },
        forwarded: { on: { 'host.ptrace.resume': 'resuming' } },
        resuming: { on: { 'host.ctxswitch': toGuest('deliverPending') } },
        deliverPending: {
          on: { 'host.signal.deliver': { guard: 'signalInFlight', target: '#ptrace-process.kernel', actions: 'deliverSignal' } },
        },
      },
    },
    kernel: {
      description: "The guest kernel runs inside the guest-machine process's signal handler.",
      initial: 'running',
      states: {
        running: guestKernelRunning('ptrace-process'),
        hostcall: {
          description: 'Paper steps 5-7: a host syscall of the guest kernel, checked by the VMM process at entry and exit.',
          initial: 'enterPending',
          states: {
            enterPending: { on: { 'host.ptrace.stop': { guard: stop('enter'), target: 'stoppedAtEnter' } } },
            stoppedAtEnter: { on: { 'host.ctxswitch': toVmm('vmmChecking') } },
            vmmChecking: {
              on: { 'vmm.allow': { guard: 'allowCall', target: 'allowed' }, 'vmm.deny': { guard: 'denyCall', target: 'denied' } },
            },
            allowed: { on: { 'host.ptrace.resume': 'resuming' } },
            resuming: { on: { 'host.ctxswitch': toGuest('executing') } },
            executing: { on: { ...callEffectsWindow('executing'), 'host.syscall.exit': { guard: 'sameCall', target: 'exitPending' } } },
            denied: { on: { 'host.ptrace.resume': 'resumingDenied' } },
            resumingDenied: { on: { 'host.ctxswitch': toGuest('failing') } },
            failing: { on: { 'host.syscall.exit': { guard: 'failedExit', target: 'exitPending' } } },
            exitPending: { on: { 'host.ptrace.stop': { guard: stop('exit'), target: 'stoppedAtExit' } } },
            stoppedAtExit: { on: { 'host.ctxswitch': toVmm('vmmAtExit') } },
            vmmAtExit: { on: { 'host.ptrace.resume': 'resumingAfter' } },
            resumingAfter: { on: { 'host.ctxswitch': { ...toGuest('#ptrace-process.kernel.running'), actions: ['switchHost', 'endCall'] } } },
          },
        },
        sigreturn: {
          description: 'The handler returns to guest user code; the VMM process sees the sigreturn first.',
          initial: 'enterPending',
          states: {
            enterPending: { on: { 'host.ptrace.stop': { guard: stop('enter'), target: 'stoppedAtEnter' } } },
            stoppedAtEnter: { on: { 'host.ctxswitch': toVmm('vmmChecking') } },
            vmmChecking: { on: { 'vmm.allow': { guard: 'allowCall', target: 'allowed' } } },
            allowed: { on: { ...effectsWindow('allowed', REGISTER_EFFECTS), 'host.ptrace.resume': 'resuming' } },
            resuming: { on: { 'host.ctxswitch': toGuest('returnPending') } },
            returnPending: {
              description: 'sigreturn itself restores the saved segments and ring (as the VMM edited them in the signal frame).',
              on: { ...effectsWindow('returnPending', REGISTER_EFFECTS), 'host.signal.return': { target: 'returned', actions: 'endCall' } },
            },
            returned: { on: { 'guest.return': '#ptrace-process.app', 'guest.idle': '#ptrace-process.app' } },
          },
        },
      },
    },
    halted: { type: 'final', description: 'The guest machine has stopped.' },
  },
});
