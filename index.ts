/**
 * `vmspec`, the package: the public entry point for plug-in authors (issue 8).
 * A plug-in imports only from here: `defineVariant`, the three axis interfaces
 * a VMM is composed from (mediation, protection, address spaces) with their
 * context types, the standard strategies to wrap or reuse, the address
 * layout, the spec vocabulary and what it takes to write a spec fragment.
 * See docs/plugins.md for the guide and a tutorial.
 */

// ---- defining a plug-in ----
export { defineVariant, PluginDefinitionError } from './plugins/defineVariant.ts';
export type {
  VariantDefinition, VariantPlugin, SpecFragment, AxisChoice, PluginAxis, PluginMediation, PluginProtection, PluginAddressSpaces,
} from './plugins/pluginTypes.ts';

// ---- the three axis interfaces and what they are given (impl/vmm/interfaces.ts, impl/host/) ----
export type {
  /** How the VMM intercepts guest syscalls and host-raised signals (paper §3, §4.1). */
  MediationStrategy,
  /** What a mediation knows of the rest of the VMM: the protection, who lifts and restores it, the allow-list, the trace sink. */
  MediationContext,
  /** How the guest kernel region is made reachable and unreachable (paper §4.2). */
  ProtectionStrategy,
  /** The operations a protection strategy is handed: map, unmap, protect, segment limit, ring. */
  ProtectionOps,
  /** How a guest process's memory is made live on a guest context switch (paper §4.3). */
  AddressSpaceStrategy,
  /** Per-run state of an address-space strategy. */
  AddressSpaceManager,
  /** The guest kernel's host syscalls, as an address-space manager makes them. */
  GuestHostCalls,
  /** One strategy per axis and the allow-list: what a VMM is composed from. */
  VmmParts,
  HostArgs, SigInfo, HostKernel, ModuleHook, Tracer, VmmHostAccess, InKernelMemory, SyscallFrame, TraceSink,
} from './impl/index.ts';

// ---- the standard strategies, to wrap or reuse ----
export {
  MEDIATION_STRATEGIES, PROTECTION_STRATEGIES, ADDRESS_SPACE_STRATEGIES, vmmParts, vmmProtectionOps, vetHostCall, GUEST_KERNEL_HOST_CALLS,
} from './impl/index.ts';

// ---- layout ----
export {
  PAGE_SIZE, GUEST_KERNEL_BASE, HOST_KERNEL_BASE, ADDRESS_SPACE_END, GUEST_USER_PAGES, GUEST_KERNEL_PAGES, regionOf, classifyRange,
} from './spec/index.ts';
export { HEAP_BASE, STACK_BASE, STACK_END, MAX_GUEST_PROCESSES } from './impl/index.ts';

// ---- the spec vocabulary and composition ----
export type {
  SpecEvent, SpecEventType, SpecEventOf, GuestEvent, HostEvent, VmmEvent, HostSignal, HostSyscall, GuestSyscall, Prot, Ring, Region,
  Variant, Mediation, Protection, AddressSpaces, SpecComponent, Axis, EventSymbol, VariantSpec,
} from './spec/index.ts';
export {
  HOST_SIGNALS, HOST_SYSCALLS, GUEST_SYSCALLS, EVENT_TYPES, PRESETS, symbolOf, parseVariant, variantName,
  GUEST_CPU, SPEC_COMPONENTS, STANDARD_SPECS, variantComponents, specOf, composeSpec, initial, step, run,
} from './spec/index.ts';

// ---- writing a spec fragment: XState's setup, and the standard machines' building blocks ----
/** XState v5's `setup`: build a fragment with `setup({ types: { events: {} as SpecEvent }, guards }).createMachine(…)`. */
export { setup } from 'xstate';
export {
  mediationGuards, mediationActions, mediationSetup, mediationContext, effectsWindow, callEffectsWindow, guestKernelRunning, guestAppRunning,
  MEDIATION_ALPHABET, MEDIATION_EXPLANATIONS, ALL_EFFECTS, MEMORY_EFFECTS, REGISTER_EFFECTS, HOST_RAISED_SIGNALS,
} from './spec/machines/mediationParts.ts';
export { modeSwitchProtection, PROTECTION_ALPHABET, type ProtectionDefinition, type HostOperation, type BootStep } from './spec/machines/modeSwitchProtection.ts';
export { ADDRESS_SPACE_ALPHABET } from './spec/machines/addressSpaceMachines.ts';

// ---- stating what a plug-in is for: cost claims (properties/declaredClaims.ts) ----
export { CLAIM_MEASURES, type CostClaim, type ClaimMeasure } from './properties/declaredClaims.ts';

// ---- running a variant yourself ----
export { runWorkload, nullSyscallLoop, pipePingPong, memoryToucher, forkTree, forkExitWait, diskReader } from './impl/index.ts';
export type { RunOptions, RunResult, Workload, Counters, Observations } from './impl/index.ts';
