// Where vmspec's code runs from, and the two loader hooks every vmspec process (and worker) needs.
// In a clone the TypeScript sources run through tsx; an installed package runs its compiled dist/.
// Either way tsx is registered (a plug-in may be a .ts file anywhere) and the bare specifiers
// `vmspec` and `vmspec/<part>` resolve to this very package, so a plug-in in any folder, in any
// kind of project (or none), gets the verifier it runs under.
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

/** The package's root folder, as a file URL ending in '/'. */
export const packageRoot = new URL('..', import.meta.url);

/** True in a clone (sources present), false in an installed package (dist/ only). */
export const fromSources = existsSync(new URL('cli/main.ts', packageRoot));

/** The URL of a module of the package by its source path without extension, e.g. `cli/main`. */
export function moduleUrl(path) {
  return new URL(fromSources ? `${path}.ts` : `dist/${path}.js`, packageRoot);
}

/** The public entry points, by subpath of `vmspec` (package.json `exports` names the same). */
export const ENTRY_POINTS = {
  '.': 'index',
  './spec': 'spec/index',
  './traces': 'traces/index',
  './properties': 'properties/index',
  './plugins': 'plugins/index',
};

let registered = false;

/** Registers tsx and the `vmspec` resolver once per thread. */
export function setUpLoader() {
  if (registered) return;
  registered = true;
  registerTsx();
  const entries = Object.fromEntries(Object.entries(ENTRY_POINTS).map(([sub, path]) => [sub, moduleUrl(path).href]));
  registerHooks('./resolveVmspec.mjs', import.meta.url, { data: { entries } });
}
