/**
 * gVisor-style systrap: a guest application's syscalls are caught in-process
 * by a seccomp filter that returns SECCOMP_RET_TRAP, so the host kernel raises
 * SIGSYS and the guest kernel's SIGSYS handler runs the call. No second host
 * process, no ptrace stop, no VMM module: the filter is the whole mediation.
 */
import {
  ALL_EFFECTS, callEffectsWindow, defineVariant, guestAppRunning, effectsWindow, guestKernelRunning, MEDIATION_ALPHABET, MEDIATION_EXPLANATIONS,
  mediationContext, mediationSetup, vetHostCall, type PluginMediation,
} from 'vmspec';

/**
 * The seccomp filter, installed as an in-kernel hook. A real filter tells the
 * guest kernel's own host calls from an application's by the instruction
 * pointer in `seccomp_data` (guest kernel text vs. anything else); here the
 * hook keeps that one bit. It cannot change memory maps, segments or rings.
 */
const systrapMediation: PluginMediation = {
  name: 'systrap',
  changesMemoryInKernel: false,
  install(host, context) {
    if (context.entryLiftedByVmm || context.returnProtectedByVmm) {
      throw new Error('systrap cannot load segment descriptors or change rings: use a memory protection (mprotect or munmap)');
    }
    let inGuestKernel = true;
    host.loadModule({
      syscallEnter(frame, access) {
        if (!inGuestKernel) {
          // SECCOMP_RET_TRAP: the call does not run; SIGSYS carries it to the guest kernel's handler.
          inGuestKernel = true;
          const call = frame.args.kind === 'guest-call' ? frame.args.call : { nr: 'getpid' as const };
          access.sendSignal('SIGSYS', { kind: 'upcall', nr: frame.nr, call });
          return 'absorb';
        }
        // SECCOMP_RET_ALLOW for the guest kernel's allow-list, SECCOMP_RET_ERRNO(EPERM) for the rest.
        if (!vetHostCall(context, frame)) return 'continue';
        if (frame.nr === 'sigreturn') inGuestKernel = false;
        return 'continue';
      },
      signalDelivery() {
        // Host-raised signals (timer, I/O, fault) go straight to the guest kernel's handler.
        inGuestKernel = true;
      },
    });
  },
};

/** The systrap mediation path: trap → SIGSYS → handler, with no host effect before the handler runs. */
const systrapMachine = mediationSetup.createMachine({
  id: 'systrap',
  initial: 'boot',
  context: mediationContext,
  states: {
    boot: { on: { ...effectsWindow('boot', ALL_EFFECTS), 'vmm.start': '#systrap.kernel' } },
    app: {
      description: 'Guest application code runs under the seccomp filter.',
      on: {
        ...guestAppRunning.on,
        'host.syscall.enter': { guard: 'notFaulted', target: 'trapped', actions: 'trapCall' },
      },
    },
    trapped: {
      description: 'The filter returned SECCOMP_RET_TRAP: SIGSYS, nothing else, comes next.',
      on: { 'host.signal.send': { guard: { type: 'signalIs', params: { sig: 'SIGSYS' } }, target: 'sigsysSent', actions: 'sendSignal' } },
    },
    sigsysSent: { on: { 'host.signal.deliver': { guard: 'signalInFlight', target: '#systrap.kernel', actions: 'deliverSignal' } } },
    irq: { on: { 'host.signal.deliver': { guard: 'signalInFlight', target: '#systrap.kernel', actions: 'deliverSignal' } } },
    kernel: {
      description: 'The guest kernel runs in the SIGSYS (or SIGALRM, SIGIO, SIGSEGV) handler and protects itself through host calls.',
      initial: 'running',
      states: {
        running: guestKernelRunning('systrap'),
        hostcall: {
          initial: 'checking',
          states: {
            checking: { on: { 'vmm.allow': { guard: 'allowCall', target: 'executing' }, 'vmm.deny': { guard: 'denyCall', target: 'failing' } } },
            executing: {
              on: { ...callEffectsWindow('executing'), 'host.syscall.exit': { guard: 'sameCall', target: '#systrap.kernel.running', actions: 'endCall' } },
            },
            failing: { on: { 'host.syscall.exit': { guard: 'failedExit', target: '#systrap.kernel.running', actions: 'endCall' } } },
          },
        },
        sigreturn: {
          initial: 'checking',
          states: {
            checking: { on: { 'vmm.allow': { guard: 'allowCall', target: 'returning' } } },
            returning: { on: { 'host.signal.return': { target: 'returned', actions: 'endCall' } } },
            returned: { on: { 'guest.return': '#systrap.app', 'guest.idle': '#systrap.app' } },
          },
        },
      },
    },
    halted: { type: 'final' },
  },
});

export default defineVariant({
  name: 'systrap',
  description: 'syscalls trapped in-process by a seccomp filter (SIGSYS), no VMM process and no module',
  base: 'kernel-module/mprotect/remap',
  mediation: systrapMediation,
  spec: { mediation: { machine: systrapMachine, alphabet: MEDIATION_ALPHABET, explanations: MEDIATION_EXPLANATIONS } },
});
