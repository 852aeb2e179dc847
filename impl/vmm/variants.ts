/**
 * Variant names as the emulator reads them: a preset of the paper's
 * cumulative order (`umlinux`, `+kernel-module`, `+segment-bounds`,
 * `+multi-as`) or `mediation/protection/address-spaces`. Re-declared here:
 * the emulator takes types only from the spec.
 */
import type { AddressSpaces, Mediation, Protection, Variant } from '../../spec/variant.ts';

/** Mediation choices, in axis order. */
export const MEDIATION_NAMES: readonly Mediation[] = ['ptrace-process', 'kernel-module'];
/** Protection choices, in axis order. */
export const PROTECTION_NAMES: readonly Protection[] = ['munmap', 'mprotect', 'segment-bounds', 'supervisor-bit'];
/** Address-space choices, in axis order. */
export const ADDRESS_SPACE_NAMES: readonly AddressSpaces[] = ['remap', 'multi-as'];

/** Real User-Mode Linux skas0 (issue 13): outside the paper's lattice, its three choices only combine with each other. */
export const SKAS0_VARIANT: Variant = { mediation: 'ptrace-sysemu', protection: 'separate-kernel', addressSpaces: 'stub-processes' };

/** User-Mode Linux 7 with seccomp stubs: skas0's separate kernel and stub processes, mediated by seccomp stubs. */
export const SKAS0_SECCOMP_VARIANT: Variant = { mediation: 'seccomp-stub', protection: 'separate-kernel', addressSpaces: 'stub-processes' };

/** The paper's cumulative presets, then real skas0 in its two stub modes. */
export const PRESET_VARIANTS: Readonly<Record<string, Variant>> = {
  umlinux: { mediation: 'ptrace-process', protection: 'mprotect', addressSpaces: 'remap' },
  '+kernel-module': { mediation: 'kernel-module', protection: 'mprotect', addressSpaces: 'remap' },
  '+segment-bounds': { mediation: 'kernel-module', protection: 'segment-bounds', addressSpaces: 'remap' },
  '+multi-as': { mediation: 'kernel-module', protection: 'segment-bounds', addressSpaces: 'multi-as' },
  skas0: SKAS0_VARIANT,
  'skas0-seccomp': SKAS0_SECCOMP_VARIANT,
};

/** All 16 variants, in axis order. */
export const ALL_VARIANTS: readonly Variant[] = MEDIATION_NAMES.flatMap((mediation) =>
  PROTECTION_NAMES.flatMap((protection) => ADDRESS_SPACE_NAMES.map((addressSpaces) => ({ mediation, protection, addressSpaces }))),
);

/** `mediation/protection/address-spaces`. */
export function nameOfVariant(variant: Variant): string {
  return `${variant.mediation}/${variant.protection}/${variant.addressSpaces}`;
}

/** The variant named `text`, or an error message listing what is known. */
export function resolveVariant(text: string): { readonly ok: true; readonly variant: Variant } | { readonly ok: false; readonly error: string } {
  const preset = Object.hasOwn(PRESET_VARIANTS, text) ? PRESET_VARIANTS[text] : undefined;
  if (preset !== undefined) return { ok: true, variant: preset };
  const found = [...ALL_VARIANTS, SKAS0_VARIANT, SKAS0_SECCOMP_VARIANT].find((variant) => nameOfVariant(variant) === text);
  if (found !== undefined) return { ok: true, variant: found };
  return {
    ok: false,
    error: `unknown variant '${text}': use a preset (${Object.keys(PRESET_VARIANTS).join(', ')}) or mediation/protection/address-spaces with mediation ∈ {${MEDIATION_NAMES.join(', ')}}, protection ∈ {${PROTECTION_NAMES.join(', ')}}, address-spaces ∈ {${ADDRESS_SPACE_NAMES.join(', ')}}`,
  };
}
