/**
 * The public surface of the specification: vocabulary, layout, permission
 * rule, variants, the XState machines and the pure stepping API.
 */
export type * from './types.ts';
export { HOST_SIGNALS, GUEST_SYSCALLS, HOST_SYSCALLS, STUB_SIGNALS, STUB_SYSCALLS, TRACED_GUEST_SYSCALLS } from './types.ts';
export {
  PAGE_SIZE, GUEST_KERNEL_BASE, HOST_KERNEL_BASE, ADDRESS_SPACE_END, GUEST_USER_PAGES, GUEST_KERNEL_PAGES,
  isAddress, regionOf, pageOf, classifyRange, classifySegmentLimit,
  type RangeClass, type SegmentLimitClass,
} from './layout.ts';
export { regionPermitted, expectedRing, permission, type AccessQuery, type PermissionVerdict } from './permission.ts';
export {
  MEDIATIONS, PROTECTIONS, ADDRESS_SPACES, PRESETS, REAL_PRESETS, SKAS0, SKAS0_SECCOMP, isStubVariant, variantName, allVariants, parseVariant,
  type Mediation, type Protection, type AddressSpaces, type Variant, type PresetName, type VariantParse,
} from './variant.ts';
export { GUEST_KERNEL_ALLOWED_SYSCALLS, isAllowedForGuestKernel } from './allowList.ts';
export { symbolOf, representativesOf, REPRESENTATIVES, EVENT_TYPES, type EventSymbol } from './alphabet.ts';
export { SPEC_COMPONENTS, STANDARD_SPECS, GUEST_CPU, variantComponents, type SpecComponent, type Axis } from './components.ts';
export {
  compileMachine, referenceStep, referenceInitial, stateName, stateValueOf, typeIndexOf, TYPE_INDEX, TYPE_COUNT, STAY, UncompilableMachine,
  type CompiledMachine, type Candidate, type Callable,
} from './compile.ts';
export {
  initial, step, run, specOf, composeSpec, guestCpuSpec, describeState, describeContext, isHalted, acceptedHere, reasonsOf, rejectionBy,
  selectCandidate, applyUpdates, targetOf,
  type SpecState, type StepResult, type Rejection, type RunResult, type VariantSpec, type StartOptions,
} from './stepper.ts';
export { candidateEvents, briefEvent } from './candidateEvents.ts';
export type { Why, Explanations, GuardArgs } from './relations/explain.ts';
export { asActions, type Update } from './relations/updates.ts';
export type { CpuContext, SpecInput } from './machines/cpuRelations.ts';
export type { MediationContext } from './machines/mediationRelations.ts';
export type { SpaceContext } from './machines/addressSpaceRelations.ts';
export { explore, stateKey, type ExploreBounds, type Exploration, type StateInvariant, type Violation, type Found } from './explore.ts';
export { SPEC_INVARIANTS } from './invariants.ts';
export {
  STUB_PATHS, stubStart, stubSyscall, stubSwitch, stubFault, stubTimer, stubFork, stubExit, stubExecve, thenHaltStub, type StubProcess,
} from './stubPaths.ts';
export {
  SECCOMP_STUB_PATHS, seccompStubStart, seccompSyscall, seccompSwitch, seccompFault, seccompTimer, seccompFork, seccompExit, seccompExecve,
  seccompWork, thenHaltSeccomp,
} from './seccompStubPaths.ts';
export { PAPER_PATHS, explorationSeeds, nullSyscall, timerInterrupt, userPageFault, guestContextSwitch, forbiddenUserAccess, hostCall, boot, bootToUser, returnToUser } from './paperPaths.ts';
export { toMermaid } from './mermaid.ts';
