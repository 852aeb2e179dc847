/**
 * Loads a plug-in module by path: a `.ts` file runs through tsx with no build
 * step, a `.js`/`.mjs` file through Node, and its `import … from 'vmspec'`
 * reaches this package wherever the file is (plugins/pluginLoader.ts). Its default export must be a `defineVariant(...)` result or a
 * plain definition object. Every failure is one line naming the file.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unjudgedAxis } from './axisSpecs.ts';
import { buildPlugin } from './buildPlugin.ts';
import { setUpPluginLoader } from './pluginLoader.ts';
import type { VariantPlugin } from './pluginTypes.ts';
import { asRecord } from './shapeChecks.ts';

/** A loaded plug-in, or why the file is not one. */
export type PluginLoad = { readonly ok: true; readonly plugin: VariantPlugin } | { readonly ok: false; readonly error: string };

const EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs']);

/** The error in one line; a compile error (tsx/esbuild: "Transform failed…" then "FILE:LINE:COL: ERROR: …") keeps its place. */
export function firstLine(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error)).split('\n');
  const located = lines.find((line) => /:\d+:\d+: ERROR: /.test(line));
  return (located ?? lines[0] ?? '').trim();
}

let freshLoads = 0;

/** Imports `file`; `fresh`: as a new module instance (a query makes a new URL), with module-level state of its own. */
async function importModule(file: string, fresh: boolean): Promise<unknown> {
  await setUpPluginLoader();
  return import(`${pathToFileURL(file).href}${fresh ? `?fresh=${++freshLoads}` : ''}`);
}

/** True when `value` looks like what `defineVariant` returns. */
function isBuiltPlugin(value: unknown): value is VariantPlugin {
  const record = asRecord(value);
  return record !== undefined && record['kind'] === 'vmspec-plugin' && typeof record['name'] === 'string'
    && typeof record['parts'] === 'function' && Array.isArray(record['components']) && asRecord(record['base']) !== undefined;
}

/** How to load a plug-in. */
export interface PluginLoadOptions {
  /** Load the module again, with fresh module-level state, as a new process would (default: Node's cached module). */
  readonly fresh?: boolean;
}

/** Loads and checks the plug-in at `path` (relative to the working directory). */
export async function loadPlugin(path: string, options: PluginLoadOptions = {}): Promise<PluginLoad> {
  const file = resolve(path);
  if (!existsSync(file)) return { ok: false, error: `${path}: no such file` };
  if (!statSync(file).isFile()) return { ok: false, error: `${path}: not a file` };
  if (!EXTENSIONS.has(extname(file))) return { ok: false, error: `${path}: a plug-in is a .ts, .mts, .js or .mjs module` };
  let module: unknown;
  try {
    module = await importModule(file, options.fresh === true);
  } catch (error) {
    return { ok: false, error: `${path}: failed to load: ${firstLine(error)}` };
  }
  const exported = asRecord(module)?.['default'];
  if (exported === undefined) return { ok: false, error: `${path}: no default export (write: export default defineVariant({ … }))` };
  if (isBuiltPlugin(exported)) {
    // Built by defineVariant, which refuses an unjudged axis; a hand-made or foreign one is checked here.
    const unjudged = unjudgedAxis(exported);
    return unjudged === undefined ? { ok: true, plugin: exported } : { ok: false, error: `${path}: default export: ${unjudged}` };
  }
  const built = buildPlugin(exported);
  return built.ok ? built : { ok: false, error: `${path}: default export: ${built.error}` };
}
