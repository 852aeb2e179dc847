/**
 * The cost model of a run under a VMM variant (issue 7): the emulator's
 * counters times the cost of each host operation. Each host operation is
 * charged once, in one class; where one measured cost contains another
 * (a ptrace stop holds two context switches, a signal holds its sigreturn),
 * the inner one is not charged again.
 */
import type { Counters } from '../counters.ts';
import { modelledTime, type HostCosts, type ModelledTime } from './hostCosts.ts';

/** Host syscalls charged elsewhere: memory operations (page work), sigreturn (with its signal), switch-guest (own cost). */
const CHARGED_ELSEWHERE: ReadonlySet<string> = new Set(['mmap', 'munmap', 'mprotect', 'sigreturn', 'switch-guest']);

/** Sum of a by-name tally. */
export function tallyTotal(byName: Readonly<Partial<Record<string, number>>>): number {
  let sum = 0;
  for (const n of Object.values(byName)) sum += n ?? 0;
  return sum;
}

/** The guest's own CPU time: compute cycles and memory accesses (the same under every variant and natively). */
export function guestComputeNs(counters: Counters, costs: HostCosts): number {
  return counters.computeCycles * costs.computeCycleNs + counters.guestMemoryAccesses * costs.memoryAccessNs;
}

/**
 * The modelled time of a run with `counters` on a host with `costs`:
 * * syscalls: every host syscall entered by the guest-machine process at `syscallNs`
 *   (an intercepted guest syscall included: a rewritten getpid, or a call the module absorbs),
 *   except mmap/munmap/mprotect/sigreturn, plus `switch-guest` at `switchGuestNs`, plus each ptrace request on a
 *   stopped stub that moves no register set (real skas0's GETSIGINFO, ARCH_PRCTL) at `syscallNs`;
 * * contextSwitches: host switches not inside a ptrace stop (each stop holds two);
 * * ptraceStops, registerTransfers, signals (delivery with its sigreturn), minorFaults: count × cost;
 * * hostProcesses: every stub process the VMM or a stub made (real skas0), its creation and its end at once;
 * * pageWork: every mmap/munmap/mprotect, by syscall or by a VMM module, at its fixed cost,
 *   plus munmap/mprotect per present page-table entry they changed;
 * * guestCompute: {@link guestComputeNs}.
 */
export function modelRunTime(counters: Counters, costs: HostCosts): ModelledTime {
  let plainSyscalls = 0;
  for (const [name, n] of Object.entries(counters.hostSyscalls)) if (!CHARGED_ELSEWHERE.has(name)) plainSyscalls += n ?? 0;
  const switchGuest = counters.hostSyscalls['switch-guest'] ?? 0;
  const ownSwitches = Math.max(0, counters.hostContextSwitches - 2 * counters.ptraceStops);
  const pageWork = counters.mmapCalls * costs.mmap.fixedNs
    + counters.munmapCalls * costs.munmap.fixedNs + counters.presentPagesUnmapped * costs.munmap.perPageNs
    + counters.mprotectCalls * costs.mprotect.fixedNs + counters.presentPagesProtected * costs.mprotect.perPageNs;
  return modelledTime({
    syscalls: (plainSyscalls + counters.ptraceOtherRequests) * costs.syscallNs + switchGuest * costs.switchGuestNs,
    contextSwitches: ownSwitches * costs.contextSwitchNs,
    ptraceStops: counters.ptraceStops * costs.ptraceStopNs,
    registerTransfers: counters.registerTransfers * costs.registerTransferNs,
    hostProcesses: counters.stubsCreated * costs.processLifetimeNs,
    signals: tallyTotal(counters.signals) * costs.signalNs,
    pageWork,
    minorFaults: counters.hostMinorFaults * costs.minorFaultNs,
    guestCompute: guestComputeNs(counters, costs),
  });
}
