/**
 * The names a command line may use, read from their registries (variants,
 * properties, mutants), so a new entry in a registry is a valid name, listed
 * by `--list` and suggested for a misspelling, with no change here.
 */
import { allVariants, parseVariant, PRESETS, REAL_PRESETS, variantName, type Variant } from '../spec/index.ts';
import { NAMED_PROPERTIES, OPTIONAL_PROPERTIES, type VmspecProperty } from '../properties/index.ts';
import { MUTANTS, type Mutant } from '../properties/mutants/mutantCatalog.ts';
import { closest, unknownName } from './suggest.ts';

/** Every variant name: the presets, then each mediation/protection/address-spaces triple. */
export const variantNames = (): readonly string[] => [
  ...Object.keys(PRESETS), ...Object.keys(REAL_PRESETS), ...allVariants().map(variantName), ...Object.values(REAL_PRESETS).map(variantName),
];

/** A variant by name, or a one-line error with the nearest names. */
export function variantByName(text: string): { ok: true; variant: Variant } | { ok: false; error: string } {
  const parsed = parseVariant(text);
  if (parsed.ok) return parsed;
  const near = closest(text, variantNames());
  return { ok: false, error: near.length > 0 ? parsed.error.replace(/ \(/, ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}? `) : parsed.error };
}

/** A property by name, or a one-line error with the nearest names. */
export function propertyByName(name: string): { ok: true; property: VmspecProperty } | { ok: false; error: string } {
  const property = NAMED_PROPERTIES.find((p) => p.name === name);
  return property ? { ok: true, property } : { ok: false, error: unknownName('property', name, NAMED_PROPERTIES.map((p) => p.name), 'see --list') };
}

/** A mutant by name, or a one-line error with the nearest names. */
export function mutantByName(name: string): { ok: true; mutant: Mutant } | { ok: false; error: string } {
  const mutant = MUTANTS.find((m) => m.name === name);
  return mutant ? { ok: true, mutant } : { ok: false, error: unknownName('mutant', name, MUTANTS.map((m) => m.name), 'see --list') };
}

/** The `--list` text of `check`: variants, properties, mutants, each with what it is. */
export function namesList(): string {
  const presets = [...Object.entries(PRESETS), ...Object.entries(REAL_PRESETS)].map(([name, v]) => `  ${name.padEnd(16)} ${variantName(v)}`);
  return [
    'variants (--variant): a preset, or mediation/protection/address-spaces',
    ...presets,
    ...allVariants().map((v) => `  ${variantName(v)}`),
    '',
    'properties (--property)',
    ...NAMED_PROPERTIES.map((p) => `  ${p.name.padEnd(24)} ${p.slow || OPTIONAL_PROPERTIES.includes(p) ? '(only when named) ' : ''}${p.description}`),
    '',
    'mutants (--mutant): catalogued broken VMMs',
    ...MUTANTS.map((m) => `  ${m.name.padEnd(24)} ${m.mistake}`),
    '',
  ].join('\n');
}
