/**
 * `defineVariant`: the one function a plug-in calls. It checks the definition
 * at once (so a mistake shows up where the author made it) and returns the
 * plug-in `vmspec verify` loads as the module's default export.
 */
import { buildPlugin } from './buildPlugin.ts';
import type { VariantDefinition, VariantPlugin } from './pluginTypes.ts';

/** Thrown by `defineVariant` for a definition that does not fit the API; the message is one line naming the field. */
export class PluginDefinitionError extends Error {}

/**
 * Defines a variant beyond the lattice: a base variant with some of its axis
 * strategies (and, optionally, its spec machines) replaced.
 *
 * @example
 * export default defineVariant({ name: 'lazy-tlb', base: '+multi-as', addressSpaces: (multiAs) => ({ ...multiAs, name: 'lazy-tlb' }) });
 * @throws PluginDefinitionError naming the first field that does not fit.
 */
export function defineVariant(definition: VariantDefinition): VariantPlugin {
  const built = buildPlugin(definition);
  if (!built.ok) throw new PluginDefinitionError(`defineVariant: ${built.error}`);
  return built.plugin;
}
