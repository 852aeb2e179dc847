/**
 * A plug-in as the property suites see it: a `Subject` named `plugin:PATH`
 * whose runs use the plug-in's parts and whose traces are held to its spec:
 * the guest CPU, the machine it names for each axis it replaces (its own or a
 * standard one; never silently the base's), and the base's machine on each
 * axis it keeps. Its variant is the base with every replaced axis set to that
 * axis's baseline, so the paper's cost claims are asserted only for the
 * optimized choices it kept.
 */
import { composeSpec, type Variant } from '../spec/index.ts';
import type { Subject } from '../properties/index.ts';
import { unjudgedAxis } from './axisSpecs.ts';
import { PluginDefinitionError } from './defineVariant.ts';
import type { PluginAxis, VariantPlugin } from './pluginTypes.ts';

/** The prefix of a plug-in subject's name (`plugin:examples/systrap.ts`). */
export const PLUGIN_SUBJECT_PREFIX = 'plugin:';

const BASELINES: Readonly<Partial<Record<PluginAxis, Partial<Variant>>>> = {
  mediation: { mediation: 'ptrace-process' },
  protection: { protection: 'mprotect' },
  addressSpaces: { addressSpaces: 'remap' },
};

/** The variant whose cost claims a plug-in still makes: its base, with each replaced axis at its baseline. */
export function claimsVariant(plugin: VariantPlugin): Variant {
  return plugin.replaces.reduce<Variant>((variant, axis) => ({ ...variant, ...BASELINES[axis] }), plugin.base);
}

/** The optimized choices (kernel-module, segment-bounds or supervisor-bit, multi-as) whose claims the plug-in keeps. */
export function keptClaims(plugin: VariantPlugin): readonly string[] {
  const variant = claimsVariant(plugin);
  return [
    ...(variant.mediation === 'kernel-module' ? ['kernel-module'] : []),
    ...(variant.protection === 'segment-bounds' || variant.protection === 'supervisor-bit' ? [variant.protection] : []),
    ...(variant.addressSpaces === 'multi-as' ? ['multi-as'] : []),
  ];
}

/**
 * The subject of `plugin`, loaded from `path`; `onRun` is told of every emulator run (to watch for a plug-in that loops).
 * @throws PluginDefinitionError when an axis it replaces has no machine named for it (only a hand-built plug-in can).
 */
export function pluginSubject(plugin: VariantPlugin, path: string, onRun?: () => void): Subject {
  const unjudged = unjudgedAxis(plugin);
  if (unjudged !== undefined) throw new PluginDefinitionError(`plug-in ${plugin.name}: ${unjudged}`);
  return {
    name: `${PLUGIN_SUBJECT_PREFIX}${path}`,
    variant: claimsVariant(plugin),
    parts: () => {
      onRun?.();
      return plugin.parts();
    },
    spec: composeSpec(`${PLUGIN_SUBJECT_PREFIX}${plugin.name}`, plugin.components),
    ...(plugin.costClaims.length > 0 ? { claims: plugin.costClaims } : {}),
  };
}
