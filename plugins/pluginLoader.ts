/**
 * The loader set-up a plug-in needs (bin/runtime.mjs: tsx for `.ts`, and
 * `vmspec` resolving to this package from any folder), for code that loads
 * plug-ins without going through the `vmspec` command, e.g. `loadPlugin` from
 * a user's script. Found from here in a clone (plugins/) and compiled (dist/plugins/).
 */
import { existsSync } from 'node:fs';

interface Runtime {
  readonly setUpLoader: () => void;
}

/** Registers the loader hooks of bin/runtime.mjs in this thread (once; the command has usually done so already). */
export async function setUpPluginLoader(): Promise<void> {
  for (const up of ['../bin/runtime.mjs', '../../bin/runtime.mjs']) {
    const url = new URL(up, import.meta.url);
    if (!existsSync(url)) continue;
    const runtime = (await import(url.href)) as Runtime;
    runtime.setUpLoader();
    return;
  }
}
