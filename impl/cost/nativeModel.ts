/**
 * The same guest work with no VMM (the paper's "native" baseline, §5): each
 * guest process is a host process, each guest syscall a host syscall, each
 * guest context switch a host context switch, each virtual interrupt a host
 * kernel entry, each first touch of a page a minor fault; compute unchanged.
 */
import type { Counters } from '../counters.ts';
import { guestComputeNs, tallyTotal } from './costModel.ts';
import { modelledTime, type HostCosts, type ModelledTime } from './hostCosts.ts';

/**
 * The modelled native time of the guest work a run did. Reads only
 * guest-level counters (the same under every variant), except
 * `demandPagingFaults`, taken as first touches of pages: pass the counters of
 * a `multi-as` run, where a page is faulted in once per process (under
 * `remap` it is faulted in again after every guest context switch).
 * Timer and disk interrupts (SIGALRM, SIGIO) count as one kernel entry each.
 */
export function modelNativeTime(counters: Counters, costs: HostCosts): ModelledTime {
  const interrupts = (counters.signals.SIGALRM ?? 0) + (counters.signals.SIGIO ?? 0);
  return modelledTime({
    syscalls: (tallyTotal(counters.guestSyscalls) + interrupts) * costs.syscallNs,
    contextSwitches: counters.guestContextSwitches * costs.contextSwitchNs,
    ptraceStops: 0,
    registerTransfers: 0,
    hostProcesses: 0,
    signals: 0,
    pageWork: 0,
    minorFaults: counters.demandPagingFaults * costs.minorFaultNs,
    guestCompute: guestComputeNs(counters, costs),
  });
}
