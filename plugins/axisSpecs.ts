/**
 * The spec machine that judges each axis of a plug-in: its own fragment, a
 * standard machine it names (`STANDARD_SPECS.protection['segment-bounds']`),
 * or, on an axis it does not replace, the base's. An axis whose strategy is
 * replaced must name its machine: the base's machine cannot see what a new
 * strategy does (a protection key written to a register is not an mprotect),
 * so judging it silently by the base's gives misleading failures.
 */
import type { AnyStateMachine } from 'xstate';
import {
  compileMachine, EVENT_TYPES, SPEC_COMPONENTS, type Axis, type Explanations, type SpecComponent, type SpecEventType,
} from '../spec/index.ts';
import { asRecord, mustBe } from './shapeChecks.ts';

/** The plug-in axes that have a spec machine, keyed as in `spec` and `STANDARD_SPECS`. */
export const STRATEGY_AXES = ['mediation', 'protection', 'addressSpaces'] as const;
export type StrategyAxis = (typeof STRATEGY_AXES)[number];

/** The spec's name of each plug-in axis. */
export const SPEC_AXIS: Readonly<Record<StrategyAxis, Exclude<Axis, 'cpu'>>> = {
  mediation: 'mediation', protection: 'protection', addressSpaces: 'address-spaces',
};

type Failure = { readonly ok: false; readonly error: string };
const fail = (error: string): Failure => ({ ok: false, error });

/** What judges one axis: a component, and whether it is the plug-in's own (else a standard one it named). */
export type AxisSpec = { readonly ok: true; readonly component: SpecComponent; readonly own: boolean } | Failure;

function isMachine(value: unknown): value is AnyStateMachine {
  const record = asRecord(value);
  return record !== undefined && typeof record['transition'] === 'function' && typeof record['getInitialSnapshot'] === 'function';
}

/** The standard machine `value` is (found by name and machine id: a plug-in's `vmspec` may be another module instance). */
function standardOf(value: Readonly<Record<string, unknown>>): SpecComponent | undefined {
  const machine = asRecord(value['machine']);
  return SPEC_COMPONENTS.find((c) => c.name === value['name'] && machine !== undefined && machine['id'] === c.machine.id);
}

/** Checks and compiles one own fragment into a component named `axis/plugin`. */
function ownComponent(pluginName: string, key: StrategyAxis, record: Readonly<Record<string, unknown>>): AxisSpec {
  const at = `spec.${key}`;
  if (!isMachine(record['machine'])) return fail(mustBe(`${at}.machine`, 'an XState v5 machine (from setup(...).createMachine(...))', record['machine']));
  const alphabet = record['alphabet'];
  if (!Array.isArray(alphabet) || alphabet.length === 0) return fail(mustBe(`${at}.alphabet`, 'a non-empty array of event types', alphabet));
  for (const [i, type] of alphabet.entries()) {
    if (!(EVENT_TYPES as readonly unknown[]).includes(type)) return fail(mustBe(`${at}.alphabet[${i}]`, 'a spec event type such as \'host.signal.send\'', type));
  }
  const explanations = record['explanations'];
  if (explanations !== undefined && asRecord(explanations) === undefined) return fail(mustBe(`${at}.explanations`, 'an object of functions by guard name', explanations));
  const component: SpecComponent = {
    name: `${SPEC_AXIS[key]}/${pluginName}`, axis: SPEC_AXIS[key], machine: record['machine'], alphabet: alphabet as SpecEventType[],
    ...(explanations === undefined ? {} : { explanations: explanations as Explanations }),
  };
  try {
    compileMachine(component);
  } catch (error) {
    return fail(`'${at}.machine' cannot be compiled to tables: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { ok: true, component, own: true };
}

/** The machine `spec.<key>` gives: a standard one (kept under its own name) or the plug-in's own fragment. */
export function givenAxisSpec(pluginName: string, key: StrategyAxis, value: unknown): AxisSpec {
  const record = asRecord(value);
  if (record === undefined) return fail(mustBe(`spec.${key}`, `an object { machine, alphabet } or a standard machine (STANDARD_SPECS.${key}[…])`, value));
  const standard = standardOf(record);
  if (standard === undefined) return ownComponent(pluginName, key, record);
  if (standard.axis !== SPEC_AXIS[key]) {
    return fail(`'spec.${key}' is the ${standard.axis} machine '${standard.name}': give a ${SPEC_AXIS[key]} machine (STANDARD_SPECS.${key}[…] or your own)`);
  }
  return { ok: true, component: standard, own: false };
}

/** The refusal for an axis whose strategy is replaced with no machine named for it; `base` is the base's machine there. */
export function missingAxisSpec(key: StrategyAxis, base: SpecComponent): string {
  const choices = SPEC_COMPONENTS.filter((c) => c.axis === base.axis).map((c) => c.name.slice(c.name.indexOf('/') + 1));
  return `'${key}' is replaced but 'spec.${key}' is not given, and the base's ${base.name} cannot judge another strategy: `
    + `give your own machine or a standard one, spec: { ${key}: STANDARD_SPECS.${key}['…'] } (${choices.join(', ')})`;
}

/** For a plug-in built elsewhere (not by this `defineVariant`): the refusal for its first replaced axis with no machine named. */
export function unjudgedAxis(plugin: {
  readonly replaces: readonly string[]; readonly components: readonly SpecComponent[];
  readonly fragments: readonly string[]; readonly standardSpecs?: readonly string[];
}): string | undefined {
  const named = new Set([...plugin.fragments, ...(plugin.standardSpecs ?? [])]);
  for (const key of STRATEGY_AXES) {
    const judge = plugin.components.find((c) => c.axis === SPEC_AXIS[key]);
    if (plugin.replaces.includes(key) && judge !== undefined && !named.has(judge.name)) return missingAxisSpec(key, judge);
  }
  return undefined;
}
