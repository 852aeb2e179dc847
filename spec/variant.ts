/**
 * The variant lattice (DESIGN.md): one choice on each of three axes, after the
 * paper's three optimizations (§4.1 mediation, §4.2 protection, §4.3 address
 * spaces), plus the paper's cumulative presets.
 */

/** Choices of how the VMM mediates the guest-machine process's syscalls and signals. */
export const MEDIATIONS = ['ptrace-process', 'kernel-module'] as const;
/** How the VMM mediates. */
export type Mediation = (typeof MEDIATIONS)[number];

/** Choices of how the guest kernel region is kept from guest user mode. */
export const PROTECTIONS = ['munmap', 'mprotect', 'segment-bounds', 'supervisor-bit'] as const;
/** How the guest kernel region is protected. */
export type Protection = (typeof PROTECTIONS)[number];

/** Choices of how guest processes' address spaces are made live. */
export const ADDRESS_SPACES = ['remap', 'multi-as'] as const;
/** How guest address spaces are switched. */
export type AddressSpaces = (typeof ADDRESS_SPACES)[number];

/** A variant: one choice per axis. */
export interface Variant {
  readonly mediation: Mediation;
  readonly protection: Protection;
  readonly addressSpaces: AddressSpaces;
}

/** The paper's cumulative configurations, by name. */
export const PRESETS = {
  umlinux: { mediation: 'ptrace-process', protection: 'mprotect', addressSpaces: 'remap' },
  '+kernel-module': { mediation: 'kernel-module', protection: 'mprotect', addressSpaces: 'remap' },
  '+segment-bounds': { mediation: 'kernel-module', protection: 'segment-bounds', addressSpaces: 'remap' },
  '+multi-as': { mediation: 'kernel-module', protection: 'segment-bounds', addressSpaces: 'multi-as' },
} as const satisfies Record<string, Variant>;
/** The name of a preset. */
export type PresetName = keyof typeof PRESETS;

/** The canonical name of a variant: `mediation/protection/addressSpaces`. */
export function variantName(variant: Variant): string {
  return `${variant.mediation}/${variant.protection}/${variant.addressSpaces}`;
}

/** All 16 variants, in axis order. */
export function allVariants(): readonly Variant[] {
  return MEDIATIONS.flatMap((mediation) =>
    PROTECTIONS.flatMap((protection) => ADDRESS_SPACES.map((addressSpaces) => ({ mediation, protection, addressSpaces }))),
  );
}

/** The outcome of parsing a variant name. */
export type VariantParse = { readonly ok: true; readonly variant: Variant } | { readonly ok: false; readonly error: string };

function isOneOf<T extends string>(choices: readonly T[], value: string): value is T {
  return (choices as readonly string[]).includes(value);
}

/** Parses a preset name (`umlinux`, `+kernel-module`, …) or `mediation/protection/addressSpaces`. */
export function parseVariant(text: string): VariantParse {
  if (Object.hasOwn(PRESETS, text)) return { ok: true, variant: PRESETS[text as PresetName] };
  const parts = text.split('/');
  const [mediation, protection, addressSpaces] = parts;
  const known = `presets: ${Object.keys(PRESETS).join(', ')}; or mediation/protection/address-spaces with mediation ∈ {${MEDIATIONS.join(', ')}}, protection ∈ {${PROTECTIONS.join(', ')}}, address-spaces ∈ {${ADDRESS_SPACES.join(', ')}}`;
  if (parts.length !== 3 || mediation === undefined || protection === undefined || addressSpaces === undefined) {
    return { ok: false, error: `unknown variant '${text}' (${known})` };
  }
  if (!isOneOf(MEDIATIONS, mediation)) return { ok: false, error: `unknown mediation '${mediation}' in variant '${text}' (${known})` };
  if (!isOneOf(PROTECTIONS, protection)) return { ok: false, error: `unknown protection '${protection}' in variant '${text}' (${known})` };
  if (!isOneOf(ADDRESS_SPACES, addressSpaces)) {
    return { ok: false, error: `unknown address-spaces choice '${addressSpaces}' in variant '${text}' (${known})` };
  }
  return { ok: true, variant: { mediation, protection, addressSpaces } };
}
