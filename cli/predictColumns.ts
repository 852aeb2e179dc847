/**
 * The columns of `vmspec predict`: each `--variant` is a variant name or a
 * plug-in file (.ts, .mts, .js, .mjs), loaded as `vmspec verify` loads it and
 * priced by the same counters as the presets. Plug-ins come after the
 * variants named, or after the default columns when none is named, so a
 * plug-in is always priced next to something it can be compared with.
 */
import type { PluginColumn } from '../bench/predict/predictRun.ts';
import { resolveVariant } from '../impl/vmm/variants.ts';
import { loadPlugin } from '../plugins/loadPlugin.ts';

/** A plug-in's column name. */
export const pluginColumnName = (name: string): string => `${name} (plug-in)`;

const PLUGIN_FILE = /\.(m?ts|m?js)$/;

/** The columns of `--variant`s (undefined: none given), with the plug-ins among them; or the one-line reason one cannot be used. */
export async function predictColumns(
  given: readonly string[] | undefined, defaults: readonly string[],
): Promise<{ ok: true; columns: readonly string[]; plugins: ReadonlyMap<string, PluginColumn> } | { ok: false; error: string }> {
  const variants: string[] = [];
  const plugins = new Map<string, PluginColumn>();
  for (const v of given ?? []) {
    if (PLUGIN_FILE.test(v)) {
      const loaded = await loadPlugin(v);
      if (!loaded.ok) return { ok: false, error: `--variant: ${loaded.error}` };
      plugins.set(pluginColumnName(loaded.plugin.name), { variant: loaded.plugin.base, parts: loaded.plugin.parts });
      continue;
    }
    const resolved = resolveVariant(v);
    if (!resolved.ok) return { ok: false, error: `--variant: ${resolved.error}` };
    variants.push(v);
  }
  const base = variants.length > 0 ? variants : [...defaults];
  return { ok: true, columns: [...base, ...plugins.keys()], plugins };
}
