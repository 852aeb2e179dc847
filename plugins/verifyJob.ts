/**
 * The work of `vmspec verify`, as it runs inside a verify worker, in steps:
 * `spec-faithful` and every emulator property on the plug-in's subject
 * (isolation, equivalence with umlinux, conformance to its spec, refinement,
 * the cost claims of the optimized choices it keeps), then the cost report.
 * Each step is a pure function of the plug-in, the runs and the seed, so the
 * steps may run on any worker in any order and give what one worker running
 * them in order gives. A failure's shrunk counterexample is judged again on
 * the plug-in loaded afresh and, when it fails again, saved as a replay file
 * and a trace; else it is reported as nondeterminism. Progress goes to `post`.
 */
import { basename, join, resolve } from 'node:path';
import { EMULATOR_PROPERTIES, specFaithful, type PropertyVerdict, type Subject } from '../properties/index.ts';
import { saveCounterexample } from '../properties/replayFile.ts';
import { variantName } from '../spec/index.ts';
import { costReport } from './costReport.ts';
import { loadPlugin } from './loadPlugin.ts';
import { keptClaims, pluginSubject } from './pluginSubject.ts';
import { notReproduced } from './reproduce.ts';
import type { PluginSummary, VerifyMessage, VerifyRequest } from './verifyMessages.ts';
import type { VariantPlugin } from './pluginTypes.ts';

/** The last step: the cost report against the presets. */
export const COST_REPORT_STEP = 'cost report';

// The plug-in's spec tables must be faithful to its machines before its traces are judged by them.
const PROPERTIES = [specFaithful, ...EMULATOR_PROPERTIES];

/** The steps of a verification, in order (a shard or a worker runs some of them, by index). */
export const VERIFY_STEPS: readonly string[] = [...PROPERTIES.map((p) => p.name), COST_REPORT_STEP];

function summary(plugin: VariantPlugin): PluginSummary {
  return {
    name: plugin.name,
    description: plugin.description,
    base: plugin.baseName,
    baseVariant: variantName(plugin.base),
    replaces: plugin.replaces,
    choiceNames: Object.fromEntries(Object.entries(plugin.choiceNames).filter((e): e is [string, string] => e[1] !== undefined)),
    fragments: plugin.fragments,
    standardSpecs: plugin.standardSpecs,
    keptClaims: keptClaims(plugin),
    ownClaims: plugin.costClaims.map((claim) => claim.says),
  };
}

/** A loaded plug-in, ready for its steps. */
export interface VerifyTarget {
  readonly request: VerifyRequest;
  readonly plugin: VariantPlugin;
  readonly subject: Subject;
  /** Starts the heartbeat count of a step again. */
  readonly startStep: (step: number) => void;
  /** The plug-in loaded again with fresh module state, as `vmspec replay` will load it (undefined if it no longer loads). */
  readonly fresh: () => Promise<Subject | undefined>;
}

/** Loads the plug-in of `request` and posts `loaded` (or `load-error`, and gives undefined). */
export async function loadVerifyTarget(request: VerifyRequest, post: (message: VerifyMessage) => void): Promise<VerifyTarget | undefined> {
  const file = resolve(request.cwd, request.path);
  const loaded = await loadPlugin(file);
  if (!loaded.ok) {
    post({ kind: 'load-error', error: loaded.error.replace(file, request.path) });
    return undefined;
  }
  const { plugin } = loaded;
  post({ kind: 'loaded', plugin: summary(plugin) });
  let run = 0;
  // The absolute path: a saved replay file must find the plug-in again from any working directory.
  const heartbeat = (): void => post({ kind: 'run', run: ++run });
  const subject = pluginSubject(plugin, file, heartbeat);
  return {
    request, plugin, subject,
    fresh: async () => {
      const again = await loadPlugin(file, { fresh: true });
      // Not from memory: every re-run must run the plug-in again.
      return again.ok ? { ...pluginSubject(again.plugin, file, heartbeat), memo: false } : undefined;
    },
    startStep: (step) => {
      run = 0;
      post({ kind: 'property', property: VERIFY_STEPS[step] ?? String(step) });
    },
  };
}

/** Runs step `step` (an index of VERIFY_STEPS) on `target`; it ends with one `verdict` or `cost` message. */
export async function runVerifyStep(target: VerifyTarget, step: number, post: (message: VerifyMessage) => void): Promise<void> {
  const { request, plugin, subject } = target;
  target.startStep(step);
  const property = PROPERTIES[step];
  if (VERIFY_STEPS[step] === undefined) throw new Error(`there is no verify step ${step} (0 to ${VERIFY_STEPS.length - 1})`);
  if (property === undefined) {
    let run = 0;
    post({ kind: 'cost', step, rows: costReport(`${plugin.name} (plug-in)`, plugin.base, () => {
      post({ kind: 'run', run: ++run });
      return plugin.parts();
    }) });
    return;
  }
  const kept = keptClaims(plugin);
  const skip = (note: string): void => post({ kind: 'verdict', step, verdict: { property: property.name, verdict: undefined, ms: 0, note } });
  const own = plugin.costClaims.map((claim) => `'${claim.says}'`);
  if (property.name === 'cost-claims' && kept.length === 0 && own.length === 0) {
    return skip('no optimized choice of the paper kept and no costClaims of its own: see the cost report');
  }
  const notApplicable = property.notApplicable?.(subject);
  if (notApplicable !== undefined) return skip(notApplicable);
  const started = performance.now();
  const verdict: PropertyVerdict = property.check({ subject, runs: request.runs, seed: request.seed });
  const ms = performance.now() - started;
  const claimsNote = [...(kept.length > 0 ? [`claims of ${kept.join(', ')}`] : []), ...(own.length > 0 ? [`its own: ${own.join(', ')}`] : [])].join('; ');
  const note = property.name === 'cost-claims' ? claimsNote : property.name === 'conformance' ? `spec: ${plugin.components.map((c) => c.name).join(' × ')}` : undefined;
  if (verdict.ok || verdict.scenario === undefined) {
    post({ kind: 'verdict', step, verdict: { property: property.name, verdict, ms, ...(note ? { note } : {}) } });
    return;
  }
  const nondeterministic = await notReproduced(property, verdict.scenario, target.fresh);
  if (nondeterministic !== undefined) {
    post({ kind: 'verdict', step, verdict: { property: property.name, verdict, ms, ...(note ? { note } : {}), nondeterministic } });
    return;
  }
  const saved = await saveCounterexample(resolve(request.cwd, request.out), `${plugin.name}-${property.name}`, subject, property.name, verdict.scenario, request.seed);
  const relative = (path: string): string => join(request.out, basename(path));
  post({
    kind: 'verdict', step,
    verdict: {
      property: property.name, verdict, ms, ...(note ? { note } : {}),
      ...(saved.ok ? { saved: { replay: relative(saved.saved.replay), trace: relative(saved.saved.trace) } } : { saveError: saved.error }),
    },
  });
}
