/**
 * Mediation by a VMM loaded into the host kernel as a module (paper §4.1,
 * figure 5): the module intercepts a guest syscall inside the host kernel,
 * makes the guest kernel region reachable itself and sends SIGUSR1 to the
 * handler, with no other host process involved. It also prepares host-raised
 * signals and checks the guest kernel's host calls against the allow-list.
 */
import { vetHostCall } from './vetHostCall.ts';
import type { MediationStrategy } from '../interfaces.ts';
import { vmmProtectionOps } from './vmmOps.ts';

/** The `kernel-module` mediation choice. */
export const kernelModuleMediation: MediationStrategy = {
  name: 'kernel-module',
  changesMemoryInKernel: true,
  install(host, context) {
    const { sink, protection } = context;
    let inGuestKernel = true;
    host.loadModule({
      syscallEnter(frame, access) {
        if (!inGuestKernel) {
          if (sink.on) sink.emit({ type: 'vmm.intercept', nr: frame.nr });
          if (context.entryLiftedByVmm) protection.lift(vmmProtectionOps(access));
          inGuestKernel = true;
          const call = frame.args.kind === 'guest-call' ? frame.args.call : { nr: 'getpid' as const };
          access.sendSignal('SIGUSR1', { kind: 'upcall', nr: frame.nr, call });
          return 'absorb';
        }
        if (!vetHostCall(context, frame)) return 'continue';
        if (frame.nr === 'sigreturn') {
          if (context.returnProtectedByVmm) protection.protect(vmmProtectionOps(access));
          inGuestKernel = false;
        }
        return 'continue';
      },
      signalDelivery(sig, _info, access) {
        if (sig === 'SIGUSR1') return;
        if (context.entryLiftedByVmm) protection.lift(vmmProtectionOps(access));
        inGuestKernel = true;
      },
    });
  },
};
