/**
 * Turns a plug-in definition (checked as `unknown`: it may come from plain
 * JavaScript) into a `VariantPlugin`: resolves the base variant, calls the
 * axis functions on the base's standard strategies, checks every shape,
 * compiles the spec fragments, and composes the parts of a run. Failures are
 * values: one line naming the field.
 */
import type { AddressSpaceStrategy, MediationStrategy, ProtectionStrategy, VmmParts } from '../impl/index.ts';
import { vmmParts } from '../impl/index.ts';
import { HOST_SYSCALLS, parseVariant, variantComponents, type HostSyscall, type SpecComponent, type Variant } from '../spec/index.ts';
import { givenAxisSpec, missingAxisSpec, STRATEGY_AXES } from './axisSpecs.ts';
import { attributedAddressSpaces, attributedMediation, attributedProtection } from './attributeErrors.ts';
import { checkCostClaims } from './checkCostClaims.ts';
import { checkAddressSpaces, checkManager, checkMediation, checkProtection } from './checkStrategies.ts';
import type { PluginAxis, VariantPlugin } from './pluginTypes.ts';
import { asRecord, describeValue, mustBe } from './shapeChecks.ts';
import { unknownKey } from './unknownKey.ts';

/** A built plug-in, or the one-line reason it is not one. */
export type PluginBuild = { readonly ok: true; readonly plugin: VariantPlugin } | { readonly ok: false; readonly error: string };

const KNOWN_KEYS = ['name', 'description', 'base', 'mediation', 'protection', 'addressSpaces', 'allowList', 'spec', 'costClaims'];
const NAME = /^[a-z0-9][a-z0-9-]*$/;
const CHECKS = { mediation: checkMediation, protection: checkProtection, addressSpaces: checkAddressSpaces } as const;

type Failure = { readonly ok: false; readonly error: string };
const fail = (error: string): Failure => ({ ok: false, error });

/** Resolves one axis: the given strategy, or the given function applied to the standard one. */
function resolveAxis(key: (typeof STRATEGY_AXES)[number], given: unknown, standard: VmmParts): { ok: true; value: unknown } | Failure {
  if (typeof given !== 'function') return { ok: true, value: given };
  try {
    return { ok: true, value: (given as (standard: unknown) => unknown)(standard[key]) };
  } catch (error) {
    return fail(`'${key}' (a function of the standard ${key} strategy) threw: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function checkAllowList(value: unknown): { ok: true; list: ReadonlySet<HostSyscall> } | Failure {
  if (!Array.isArray(value)) return fail(mustBe('allowList', 'an array of host syscall names', value));
  for (const [i, nr] of value.entries()) {
    if (!(HOST_SYSCALLS as readonly unknown[]).includes(nr)) return fail(mustBe(`allowList[${i}]`, `a host syscall (${HOST_SYSCALLS.join(', ')})`, nr));
  }
  return { ok: true, list: new Set(value as HostSyscall[]) };
}

/** Builds a plug-in from a definition given as `unknown`. */
export function buildPlugin(definition: unknown): PluginBuild {
  const record = asRecord(definition);
  if (record === undefined) return fail(`a plug-in must be an object (defineVariant({ name, base, … })), got ${describeValue(definition)}`);
  const unknown = unknownKey(record, KNOWN_KEYS);
  if (unknown !== undefined) return fail(unknown);
  const name = record['name'];
  if (typeof name !== 'string' || !NAME.test(name)) return fail(mustBe('name', 'a kebab-case name such as \'lazy-tlb\'', name));
  const description = record['description'] ?? '';
  if (typeof description !== 'string') return fail(mustBe('description', 'a string', description));
  const baseName = record['base'];
  if (typeof baseName !== 'string') return fail(mustBe('base', "a preset or 'mediation/protection/address-spaces' variant name", baseName));
  const parsed = parseVariant(baseName);
  if (!parsed.ok) return fail(`'base': ${parsed.error}`);
  const base: Variant = parsed.variant;
  const standard = vmmParts(base);

  const chosen: { mediation?: MediationStrategy; protection?: ProtectionStrategy; addressSpaces?: AddressSpaceStrategy } = {};
  const replaces: PluginAxis[] = [];
  const choiceNames: Partial<Record<PluginAxis, string>> = {};
  for (const key of STRATEGY_AXES) {
    if (record[key] === undefined) continue;
    const resolved = resolveAxis(key, record[key], standard);
    if (!resolved.ok) return resolved;
    const complaint = CHECKS[key](resolved.value);
    if (complaint !== undefined) return fail(complaint);
    const own = resolved.value as { readonly name: string };
    // VmmParts carry the lattice's closed names; the plug-in's own name is kept in choiceNames.
    const named = { ...own, name: standard[key].name };
    if (key === 'mediation') chosen.mediation = attributedMediation(name, named as MediationStrategy);
    if (key === 'protection') chosen.protection = attributedProtection(name, named as ProtectionStrategy);
    if (key === 'addressSpaces') {
      const spaces = named as AddressSpaceStrategy;
      let manager: unknown;
      try {
        manager = spaces.create();
      } catch (error) {
        return fail(`'addressSpaces.create' threw: ${error instanceof Error ? error.message : String(error)}`);
      }
      const managerComplaint = checkManager(manager);
      if (managerComplaint !== undefined) return fail(managerComplaint);
      chosen.addressSpaces = attributedAddressSpaces(name, spaces);
    }
    replaces.push(key);
    choiceNames[key] = own.name;
  }
  let allowList = standard.allowList;
  if (record['allowList'] !== undefined) {
    const checked = checkAllowList(record['allowList']);
    if (!checked.ok) return checked;
    allowList = checked.list;
    replaces.push('allowList');
  }

  const spec = record['spec'] === undefined ? {} : asRecord(record['spec']);
  if (spec === undefined) return fail(mustBe('spec', 'an object { mediation?, protection?, addressSpaces? } of spec fragments', record['spec']));
  const unknownAxis = unknownKey(spec, STRATEGY_AXES, 'spec');
  if (unknownAxis !== undefined) return fail(unknownAxis);
  const [cpu, ...baseAxes] = variantComponents(base);
  const components: SpecComponent[] = [cpu!];
  const fragments: string[] = [];
  const standardSpecs: string[] = [];
  for (const [i, key] of STRATEGY_AXES.entries()) {
    if (spec[key] === undefined) {
      // A replaced strategy judged by the base's machine for its axis would fail for reasons not its own.
      if (replaces.includes(key)) return fail(missingAxisSpec(key, baseAxes[i]!));
      components.push(baseAxes[i]!);
      continue;
    }
    const given = givenAxisSpec(name, key, spec[key]);
    if (!given.ok) return given;
    components.push(given.component);
    (given.own ? fragments : standardSpecs).push(given.component.name);
  }
  const claims = checkCostClaims(record['costClaims']);
  if (!claims.ok) return claims;
  if (replaces.length === 0 && fragments.length === 0 && standardSpecs.length === 0) {
    return fail("a plug-in must change something: give 'mediation', 'protection', 'addressSpaces', 'allowList' or 'spec'");
  }

  const parts: VmmParts = {
    mediation: chosen.mediation ?? standard.mediation,
    protection: chosen.protection ?? standard.protection,
    addressSpaces: chosen.addressSpaces ?? standard.addressSpaces,
    allowList,
  };
  return {
    ok: true,
    plugin: { kind: 'vmspec-plugin', name, description, base, baseName, replaces, choiceNames, parts: () => parts, components, fragments, standardSpecs, costClaims: claims.claims },
  };
}
