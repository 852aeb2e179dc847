/**
 * The subject a replay file names as `plugin:PATH`: the plug-in at PATH
 * (absolute as `vmspec verify` saves it; a relative one is taken from the working directory),
 * loaded again. `vmspec replay` reaches it through properties/replayFile.ts.
 */
import type { Subject } from '../properties/index.ts';
import { loadPlugin } from './loadPlugin.ts';
import { PLUGIN_SUBJECT_PREFIX, pluginSubject } from './pluginSubject.ts';

/** Loads the plug-in subject `plugin:PATH`, or says why it cannot. */
export async function pluginSubjectByName(name: string): Promise<{ ok: true; subject: Subject } | { ok: false; error: string }> {
  const path = name.slice(PLUGIN_SUBJECT_PREFIX.length);
  const loaded = await loadPlugin(path);
  return loaded.ok ? { ok: true, subject: pluginSubject(loaded.plugin, path) } : { ok: false, error: `plug-in ${loaded.error}` };
}
