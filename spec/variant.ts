/**
 * The variant lattice (DESIGN.md): one choice on each of three axes, after the
 * paper's three optimizations (§4.1 mediation, §4.2 protection, §4.3 address
 * spaces), plus the paper's cumulative presets.
 */

/** The paper's choices of how the VMM mediates the guest-machine process's syscalls and signals. */
export const MEDIATIONS = ['ptrace-process', 'kernel-module'] as const;
/**
 * How the VMM mediates: a paper choice, real skas0's PTRACE_SYSEMU stops of stub processes, or UML 7's seccomp stubs
 * (a filter traps the guest's syscalls in the stub, whose handler hands them over by futex).
 */
export type Mediation = (typeof MEDIATIONS)[number] | 'ptrace-sysemu' | 'seccomp-stub';

/** The paper's choices of how the guest kernel region is kept from guest user mode. */
export const PROTECTIONS = ['munmap', 'mprotect', 'segment-bounds', 'supervisor-bit'] as const;
/** How the guest kernel region is protected: a paper choice, or by keeping the guest kernel in another host process. */
export type Protection = (typeof PROTECTIONS)[number] | 'separate-kernel';

/** The paper's choices of how guest processes' address spaces are made live. */
export const ADDRESS_SPACES = ['remap', 'multi-as'] as const;
/** How guest address spaces are switched: a paper choice, or by resuming another stub process. */
export type AddressSpaces = (typeof ADDRESS_SPACES)[number] | 'stub-processes';

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

/**
 * Real User-Mode Linux in skas0 mode (Debian's user-mode-linux 6.1), a living relative of UMLinux and the outside
 * reference: the guest kernel runs in the VMM's own process, which traces one stub process per guest address space.
 * Its three choices only go together, and it is not in the paper's lattice of 16.
 */
export const SKAS0 = { mediation: 'ptrace-sysemu', protection: 'separate-kernel', addressSpaces: 'stub-processes' } as const satisfies Variant;

/**
 * User-Mode Linux ≥ 6.16 with `seccomp=on`: skas0's separate kernel and stub processes, mediated by seccomp stubs
 * instead of ptrace.
 */
export const SKAS0_SECCOMP = { mediation: 'seccomp-stub', protection: 'separate-kernel', addressSpaces: 'stub-processes' } as const satisfies Variant;

/** Presets of real VMMs, outside the paper's lattice. */
export const REAL_PRESETS = { skas0: SKAS0, 'skas0-seccomp': SKAS0_SECCOMP } as const satisfies Record<string, Variant>;


/** True for the variants whose address spaces are stub processes (skas0, in either stub mode). */
export const isStubVariant = (variant: Variant): boolean => variant.mediation === 'ptrace-sysemu' || variant.mediation === 'seccomp-stub';

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
  if (text === 'skas0' || text === variantName(SKAS0)) return { ok: true, variant: SKAS0 };
  if (text === 'skas0-seccomp' || text === variantName(SKAS0_SECCOMP)) return { ok: true, variant: SKAS0_SECCOMP };
  const parts = text.split('/');
  const [mediation, protection, addressSpaces] = parts;
  const known = `presets: ${[...Object.keys(PRESETS), ...Object.keys(REAL_PRESETS)].join(', ')}; or mediation/protection/address-spaces with mediation ∈ {${MEDIATIONS.join(', ')}}, protection ∈ {${PROTECTIONS.join(', ')}}, address-spaces ∈ {${ADDRESS_SPACES.join(', ')}}`;
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
