/**
 * Traces as ITF, the Informal Trace Format of Apalache and Quint (JSON: a
 * `#meta` object, the variable names, and one state per step): each state is
 * one event of the trace, with its step number, layer and the event as a
 * record. Integers are `{"#bigint": "…"}`, lists are arrays, records objects;
 * absent fields are left out (ITF has no null).
 */
import type { SpecEvent } from '../spec/index.ts';
import { layerOf, type TraceHeader } from '../traces/index.ts';

/** An ITF value. */
export type ItfValue = string | boolean | { readonly '#bigint': string } | readonly ItfValue[] | { readonly [field: string]: ItfValue };

/** A JSON value as an ITF value (undefined: nothing to write). */
export function itfValue(value: unknown): ItfValue | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? { '#bigint': String(value) } : String(value);
  if (typeof value === 'bigint') return { '#bigint': String(value) };
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(itfValue).filter((v): v is ItfValue => v !== undefined);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, itfValue(v)] as const).filter((e): e is readonly [string, ItfValue] => e[1] !== undefined);
    return Object.fromEntries(entries);
  }
  return undefined;
}

/** One step of a trace. */
export interface Step {
  readonly seq: number;
  readonly event: SpecEvent;
}

/** The ITF document of a trace: `#meta` names its source and header; variables `step`, `layer`, `event`. */
export function toItf(header: TraceHeader, steps: readonly Step[], source: string): unknown {
  return {
    '#meta': {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source,
      description: `vmspec trace of ${header.workload} under ${header.variant}`,
      'vmspec-header': itfValue(header),
    },
    vars: ['step', 'layer', 'event'],
    states: steps.map((s, index) => ({
      '#meta': { index },
      step: { '#bigint': String(s.seq) },
      layer: layerOf(s.event.type),
      event: itfValue(s.event),
    })),
  };
}
