/**
 * The catalogue of spec machines and how a variant is composed from them: the
 * abstract guest CPU plus one machine per axis. Composition is a synchronous
 * product over alphabets: an event goes to every machine whose alphabet holds
 * its type, and every one of them must accept it.
 */
import type { AnyStateMachine } from 'xstate';
import { GUEST_CPU_ALPHABET, guestCpuMachine } from './machines/guestCpu.ts';
import { kernelModuleMachine } from './machines/kernelModuleMediation.ts';
import { MEDIATION_ALPHABET, MEDIATION_EXPLANATIONS } from './machines/mediationParts.ts';
import { cpuExplanations } from './machines/cpuRelations.ts';
import { spaceExplanations } from './machines/addressSpaceRelations.ts';
import { PROTECTION_ALPHABET, PROTECTION_EXPLANATIONS } from './machines/modeSwitchProtection.ts';
import { ptraceProcessMachine } from './machines/ptraceProcessMediation.ts';
import {
  mprotectProtectionMachine, munmapProtectionMachine, segmentBoundsProtectionMachine, supervisorBitProtectionMachine,
} from './machines/protectionMachines.ts';
import { ADDRESS_SPACE_ALPHABET, multiAsAddressSpacesMachine, remapAddressSpacesMachine } from './machines/addressSpaceMachines.ts';
import {
  separateKernelExplanations, separateKernelMachine, SEPARATE_KERNEL_ALPHABET, STUB_MEDIATION_ALPHABET, STUB_SPACE_ALPHABET,
  stubProcessesMachine, stubSysemuMachine,
} from './machines/stubMachines.ts';
import { stubMediationExplanations } from './machines/stubMediationRelations.ts';
import { SECCOMP_STUB_ALPHABET, seccompStubMachine } from './machines/seccompStubMachine.ts';
import { seccompStubExplanations } from './machines/seccompStubRelations.ts';
import { stubSpaceExplanations } from './machines/stubSpaceRelations.ts';
import type { SpecEventType } from './types.ts';
import type { Explanations } from './relations/explain.ts';
import type { AddressSpaces, Mediation, Protection, Variant } from './variant.ts';

/** Which part of the system a machine specifies. */
export type Axis = 'cpu' | 'mediation' | 'protection' | 'address-spaces';

/** A spec machine with the event types it constrains. */
export interface SpecComponent {
  /** `guest-cpu`, or `axis/choice` such as `protection/mprotect`. */
  readonly name: string;
  readonly axis: Axis;
  readonly machine: AnyStateMachine;
  /** Event types this machine constrains; events of other types pass it by. */
  readonly alphabet: readonly SpecEventType[];
  /** Why each guard says no, in words, by guard name (optional: reports fall back to the state and event). */
  readonly explanations?: Explanations;
}

const component = (
  axis: Axis, choice: string | undefined, machine: AnyStateMachine, alphabet: readonly SpecEventType[], explanations: Explanations,
): SpecComponent => ({
  name: choice === undefined ? axis === 'cpu' ? 'guest-cpu' : axis : `${axis}/${choice}`,
  axis,
  machine,
  alphabet,
  explanations,
});

/** The abstract guest CPU. */
export const GUEST_CPU: SpecComponent = component('cpu', undefined, guestCpuMachine, GUEST_CPU_ALPHABET, cpuExplanations as Explanations);

const MEDIATION_COMPONENTS: Readonly<Record<Mediation, SpecComponent>> = {
  'ptrace-process': component('mediation', 'ptrace-process', ptraceProcessMachine, MEDIATION_ALPHABET, MEDIATION_EXPLANATIONS as Explanations),
  'kernel-module': component('mediation', 'kernel-module', kernelModuleMachine, MEDIATION_ALPHABET, MEDIATION_EXPLANATIONS as Explanations),
  'ptrace-sysemu': component('mediation', 'ptrace-sysemu', stubSysemuMachine, STUB_MEDIATION_ALPHABET, stubMediationExplanations as Explanations),
  'seccomp-stub': component('mediation', 'seccomp-stub', seccompStubMachine, SECCOMP_STUB_ALPHABET, seccompStubExplanations as Explanations),
};

const PROTECTION_COMPONENTS: Readonly<Record<Protection, SpecComponent>> = {
  munmap: component('protection', 'munmap', munmapProtectionMachine, PROTECTION_ALPHABET, PROTECTION_EXPLANATIONS as Explanations),
  mprotect: component('protection', 'mprotect', mprotectProtectionMachine, PROTECTION_ALPHABET, PROTECTION_EXPLANATIONS as Explanations),
  'segment-bounds': component('protection', 'segment-bounds', segmentBoundsProtectionMachine, PROTECTION_ALPHABET, PROTECTION_EXPLANATIONS as Explanations),
  'supervisor-bit': component('protection', 'supervisor-bit', supervisorBitProtectionMachine, PROTECTION_ALPHABET, PROTECTION_EXPLANATIONS as Explanations),
  'separate-kernel': component('protection', 'separate-kernel', separateKernelMachine, SEPARATE_KERNEL_ALPHABET, separateKernelExplanations as Explanations),
};

const ADDRESS_SPACE_COMPONENTS: Readonly<Record<AddressSpaces, SpecComponent>> = {
  remap: component('address-spaces', 'remap', remapAddressSpacesMachine, ADDRESS_SPACE_ALPHABET, spaceExplanations as Explanations),
  'multi-as': component('address-spaces', 'multi-as', multiAsAddressSpacesMachine, ADDRESS_SPACE_ALPHABET, spaceExplanations as Explanations),
  'stub-processes': component('address-spaces', 'stub-processes', stubProcessesMachine, STUB_SPACE_ALPHABET, stubSpaceExplanations as Explanations),
};

/**
 * The standard axis machines by axis and choice, for a plug-in that replaces an
 * axis's strategy and is to be judged by one of them (`spec: { protection:
 * STANDARD_SPECS.protection['segment-bounds'] }`); keyed like its `spec` field.
 */
export const STANDARD_SPECS: {
  readonly mediation: Readonly<Record<Mediation, SpecComponent>>;
  readonly protection: Readonly<Record<Protection, SpecComponent>>;
  readonly addressSpaces: Readonly<Record<AddressSpaces, SpecComponent>>;
} = { mediation: MEDIATION_COMPONENTS, protection: PROTECTION_COMPONENTS, addressSpaces: ADDRESS_SPACE_COMPONENTS };

/** Every spec machine, by name. */
export const SPEC_COMPONENTS: readonly SpecComponent[] = [
  GUEST_CPU,
  ...Object.values(MEDIATION_COMPONENTS),
  ...Object.values(PROTECTION_COMPONENTS),
  ...Object.values(ADDRESS_SPACE_COMPONENTS),
];

/** The machines that make up the spec of `variant`: the guest CPU, then mediation, protection, address spaces. */
export function variantComponents(variant: Variant): readonly SpecComponent[] {
  return [
    GUEST_CPU,
    MEDIATION_COMPONENTS[variant.mediation],
    PROTECTION_COMPONENTS[variant.protection],
    ADDRESS_SPACE_COMPONENTS[variant.addressSpaces],
  ];
}
