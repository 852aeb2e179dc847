/**
 * The start a trace declares in its header (format version 3), as the events
 * of the run's prefix it leaves out: a trace of a real VMM begins after boot,
 * with guest processes already running on their stubs.
 */
import { isStubVariant, seccompStubStart, stubStart, variantName, type SpecEvent, type Variant } from '../../spec/index.ts';
import type { TraceStart } from '../format/headerCodec.ts';

/** The events of a declared start, or why it cannot be one. */
export type StartEvents =
  | { readonly ok: true; readonly events: readonly SpecEvent[] }
  | { readonly ok: false; readonly path: string; readonly error: string };

const duplicate = (values: readonly number[]): number | undefined => values.find((v, i) => values.indexOf(v) !== i);

/** The events that lead from boot to `start` under `variant`. */
export function startEventsOf(start: TraceStart, variant: Variant): StartEvents {
  if (!isStubVariant(variant)) {
    return { ok: false, path: '$.start', error: `a declared start needs a variant with stub processes (skas0), not ${variantName(variant)}: use "start": null` };
  }
  if (start.processes.length === 0) return { ok: false, path: '$.start.processes', error: 'a declared start needs at least one process' };
  const pid = duplicate(start.processes.map((p) => p.pid));
  if (pid !== undefined) return { ok: false, path: '$.start.processes', error: `pid ${pid} is declared twice` };
  const stub = duplicate(start.processes.map((p) => p.stub));
  if (stub !== undefined) return { ok: false, path: '$.start.processes', error: `stub ${stub} is declared twice` };
  if (!start.processes.some((p) => p.pid === start.current)) {
    return { ok: false, path: '$.start.current', error: `the current process ${start.current} is not among the declared processes` };
  }
  const startOf = variant.mediation === 'seccomp-stub' ? seccompStubStart : stubStart;
  return { ok: true, events: startOf(start.processes, start.current) };
}
