/**
 * The public surface of the emulator (issue 4): run a guest workload under a
 * VMM variant and get its observations, counters, access ledger and trace;
 * the axis strategies and their interfaces, for composing variants and
 * mutants; the guest instruction set and the hand-written workloads.
 */
export { runWorkload, type RunOptions, type RunResult, type GuestView } from './run/runWorkload.ts';
export type { Workload, KernelProbe, ProbeAccess, ProbeHostCall } from './run/workload.ts';
export type { InjectedBugs } from './run/injectedBugs.ts';
export type { InvariantName, InvariantViolation, InvariantChecks, Checkpoint } from './integrity/invariants.ts';
export type { HostEscape, ExecutedHostCall } from './host/hostKernel.ts';
export type { AbstractState } from './integrity/abstractState.ts';
export type { Counters } from './counters.ts';
export type { Observation, Observations, RunEnd } from './guest/observations.ts';
export type { LedgerEntry } from './mmu/accessLedger.ts';
export type { CrossProcessAccess } from './guest/ownershipAudit.ts';
export type { Instr, Program, GuestCall, GuestSignal, Op } from './guest/isa.ts';
export type { ProcessImage, ImageArea } from './guest/processImage.ts';
export { areaEnd } from './guest/processImage.ts';
// The instruction set's loop flattening, the scheduler's seeded choice and the guest's constants (the ideal machine shares none of them: it re-declares what it needs, and its tests compare).
export { compile } from './guest/isa.ts';
export { SeededRandom } from './guest/seededRandom.ts';
export { PIPE_CAPACITY } from './guest/pipe.ts';
export { HEAP_BASE, HEAP_LIMIT, STACK_BASE, STACK_END, INITIAL_HEAP_PAGES, MAX_GUEST_PROCESSES, SECRET_WINDOW, SECRET_WINDOW_WORDS } from './guest/guestProcess.ts';
export { GUEST_MACHINE_PID } from './host/hostKernel.ts';
export { diskWord } from './host/hostDevices.ts';
export { MAX_TRANSFER } from './guest/guestSyscalls.ts';

export {
  resolveVariant, nameOfVariant, ALL_VARIANTS, PRESET_VARIANTS, SKAS0_VARIANT, MEDIATION_NAMES, PROTECTION_NAMES, ADDRESS_SPACE_NAMES,
} from './vmm/variants.ts';
// Real skas0 (issue 13): stub work by kind, from a trace, and per iteration of a workload under the emulator's skas0.
export { perIterationOf, stubCounts, stubMechanismCounts, skas0HostCountsPerOperation, skas0PerOperation, STUB_COUNT_KINDS, type StubCounts, type StubCountKind, type StubMechanismCounts } from './run/stubCounts.ts';
export { vmmParts, MEDIATION_STRATEGIES, PROTECTION_STRATEGIES, ADDRESS_SPACE_STRATEGIES } from './vmm/composeVmm.ts';
export { GUEST_KERNEL_HOST_CALLS } from './vmm/allowList.ts';
export type {
  VmmParts, MediationStrategy, MediationContext, ProtectionStrategy, ProtectionOps, AddressSpaceStrategy, AddressSpaceManager, AddressSpaceLimits,
  GuestHostCalls,
} from './vmm/interfaces.ts';
export type { HostArgs, SigInfo } from './host/hostCalls.ts';
// For plug-ins (issue 8): what a new mediation hooks into, and the VMM's own protection operations.
export type { HostKernel } from './host/hostKernel.ts';
export type { ModuleHook, Tracer, VmmHostAccess, InKernelMemory } from './host/vmmHooks.ts';
export type { SyscallFrame } from './host/hostCalls.ts';
export type { TraceSink } from './trace.ts';
export { vmmProtectionOps } from './vmm/mediation/vmmOps.ts';
export { vetHostCall, rangeInOneGuestRegion } from './vmm/mediation/vetHostCall.ts';

export { nullSyscallLoop } from './workloads/nullSyscallLoop.ts';
export { pipePingPong } from './workloads/pipePingPong.ts';
export { forkExitWait } from './workloads/forkExitWait.ts';
export { memoryToucher } from './workloads/memoryToucher.ts';
export { forkTree } from './workloads/forkTree.ts';
export { staticForker, withImage, STATIC_PROGRAM_IMAGE } from './workloads/staticProgram.ts';
export { diskReader } from './workloads/diskReader.ts';
export { userRegionProbe, kernelRegionProbe, PROBE_ADDRESSES } from './workloads/regionProbes.ts';

export { bareTranslateLoop } from './mmu/bareTranslate.ts';

export { modelRunTime, guestComputeNs, tallyTotal } from './cost/costModel.ts';
export { modelNativeTime } from './cost/nativeModel.ts';
export { countersWith } from './cost/countersWith.ts';
export { COST_CLASSES, modelledTime, type CostClass, type HostCosts, type ModelledTime, type PerPageCost } from './cost/hostCosts.ts';
