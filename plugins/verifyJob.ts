/**
 * The work of `vmspec verify`, as it runs inside the worker: load the plug-in,
 * run every emulator property on its subject (isolation, equivalence with
 * umlinux, conformance to its spec, refinement, the cost claims of the
 * optimized choices it keeps), save each failure's shrunk counterexample as a
 * replay file and a trace, then the cost report. Progress goes to `post`.
 */
import { basename, join, resolve } from 'node:path';
import { EMULATOR_PROPERTIES, specFaithful, type PropertyVerdict } from '../properties/index.ts';
import { saveCounterexample } from '../properties/replayFile.ts';
import { variantName } from '../spec/index.ts';
import { costReport } from './costReport.ts';
import { loadPlugin } from './loadPlugin.ts';
import { keptClaims, pluginSubject } from './pluginSubject.ts';
import type { PluginSummary, VerifyMessage, VerifyRequest } from './verifyMessages.ts';
import type { VariantPlugin } from './pluginTypes.ts';

function summary(plugin: VariantPlugin): PluginSummary {
  return {
    name: plugin.name,
    description: plugin.description,
    base: plugin.baseName,
    baseVariant: variantName(plugin.base),
    replaces: plugin.replaces,
    choiceNames: Object.fromEntries(Object.entries(plugin.choiceNames).filter((e): e is [string, string] => e[1] !== undefined)),
    fragments: plugin.fragments,
    keptClaims: keptClaims(plugin),
  };
}

/** Runs the verification described by `request`, reporting through `post`. */
export async function verifyJob(request: VerifyRequest, post: (message: VerifyMessage) => void): Promise<void> {
  const file = resolve(request.cwd, request.path);
  const loaded = await loadPlugin(file);
  if (!loaded.ok) {
    post({ kind: 'load-error', error: loaded.error.replace(file, request.path) });
    return;
  }
  const { plugin } = loaded;
  const kept = keptClaims(plugin);
  post({ kind: 'loaded', plugin: summary(plugin) });
  let run = 0;
  // The absolute path: a saved replay file must find the plug-in again from any working directory.
  const subject = pluginSubject(plugin, file, () => post({ kind: 'run', run: ++run }));
  // The plug-in's spec tables must be faithful to its machines before its traces are judged by them.
  for (const property of [specFaithful, ...EMULATOR_PROPERTIES]) {
    run = 0;
    post({ kind: 'property', property: property.name });
    if (property.name === 'cost-claims' && kept.length === 0) {
      post({ kind: 'verdict', verdict: { property: property.name, verdict: undefined, ms: 0, note: 'no optimized choice of the paper kept: see the cost report' } });
      continue;
    }
    if (property.appliesTo !== undefined && !property.appliesTo(subject)) {
      post({ kind: 'verdict', verdict: { property: property.name, verdict: undefined, ms: 0, note: 'no spec machines of its own: the standard ones are checked by vmspec check' } });
      continue;
    }
    const started = performance.now();
    const verdict: PropertyVerdict = property.check({ subject, runs: request.runs, seed: request.seed });
    const ms = performance.now() - started;
    const note = property.name === 'cost-claims' ? `claims of ${kept.join(', ')}` : property.name === 'conformance' ? `spec: ${plugin.components.map((c) => c.name).join(' × ')}` : undefined;
    if (verdict.ok || verdict.scenario === undefined) {
      post({ kind: 'verdict', verdict: { property: property.name, verdict, ms, ...(note ? { note } : {}) } });
      continue;
    }
    const saved = await saveCounterexample(resolve(request.cwd, request.out), `${plugin.name}-${property.name}`, subject, property.name, verdict.scenario, request.seed);
    const relative = (path: string): string => join(request.out, basename(path));
    post({
      kind: 'verdict',
      verdict: {
        property: property.name, verdict, ms, ...(note ? { note } : {}),
        ...(saved.ok ? { saved: { replay: relative(saved.saved.replay), trace: relative(saved.saved.trace) } } : { saveError: saved.error }),
      },
    });
  }
  run = 0;
  post({ kind: 'property', property: 'cost report' });
  post({ kind: 'cost', rows: costReport(`${plugin.name} (plug-in)`, plugin.base, () => {
    post({ kind: 'run', run: ++run });
    return plugin.parts();
  }) });
  post({ kind: 'done' });
}
