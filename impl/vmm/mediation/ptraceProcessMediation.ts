/**
 * Mediation by a separate VMM process that ptraces the guest-machine process
 * (paper §3, figure 3). A guest syscall stops at entry, the VMM rewrites it to
 * getpid, stops again at exit and sends SIGUSR1 to the guest kernel's handler;
 * host-raised signals stop the tracee and are forwarded. Each stop is a pair
 * of host context switches. The guest kernel's host calls meet the allow-list.
 */
import { vetHostCall } from './vetHostCall.ts';
import type { HostSyscall } from '../../../spec/types.ts';
import type { GuestCall } from '../../guest/isa.ts';
import type { MediationStrategy } from '../interfaces.ts';
import { vmmProtectionOps } from './vmmOps.ts';

/** The `ptrace-process` mediation choice. */
export const ptraceProcessMediation: MediationStrategy = {
  name: 'ptrace-process',
  changesMemoryInKernel: false,
  install(host, context) {
    const { sink, protection } = context;
    let inGuestKernel = true;
    let trapped: { readonly nr: HostSyscall; readonly call: GuestCall } | undefined;
    host.attachTracer({
      syscallEnter(frame, access) {
        if (!inGuestKernel) {
          trapped = { nr: frame.nr, call: frame.args.kind === 'guest-call' ? frame.args.call : { nr: 'getpid' } };
          if (sink.on) sink.emit({ type: 'vmm.rewrite', from: frame.nr, to: 'getpid' });
          frame.nr = 'getpid';
          return;
        }
        if (!vetHostCall(context, frame)) return;
        if (frame.nr === 'sigreturn') {
          if (context.returnProtectedByVmm) protection.protect(vmmProtectionOps(access));
          inGuestKernel = false;
        }
      },
      syscallExit(_frame, access) {
        if (trapped === undefined) return;
        const { nr, call } = trapped;
        trapped = undefined;
        if (context.entryLiftedByVmm) protection.lift(vmmProtectionOps(access));
        inGuestKernel = true;
        access.sendSignal('SIGUSR1', { kind: 'upcall', nr, call });
      },
      signalStop(sig, _info, access) {
        if (context.entryLiftedByVmm) protection.lift(vmmProtectionOps(access));
        inGuestKernel = true;
        if (sink.on) sink.emit({ type: 'vmm.forward', sig });
        return 'forward';
      },
    });
  },
};
