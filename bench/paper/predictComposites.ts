/**
 * The model checked against what it did not fit (issue 7): each composite the
 * probe measured (the paper's 8-step ptrace syscall path done for real, a bare
 * seccomp trap, the same guest handler behind a seccomp trap) is predicted by
 * the impl cost model from its recorded contents and the single-operation
 * costs, and compared with its measurement.
 */
import type { Calibration, CompositeName } from '../probe/calibration.ts';
import { countersWith, modelRunTime, type Counters, type HostCosts, type ModelledTime } from '../../impl/index.ts';

/** One composite: measured, predicted, and the relative error of the prediction. */
export interface CompositeCheck {
  readonly name: CompositeName;
  readonly note: string;
  readonly source: 'measured' | 'default';
  readonly contents: Readonly<Record<string, number>>;
  readonly measuredNs: number;
  readonly predicted: ModelledTime;
  /** (predicted − measured) / measured × 100. */
  readonly errorPct: number;
}

const KNOWN = ['ptraceStops', 'getpid', 'signals', 'sigreturn', 'mprotectCalls', 'mprotectPages', 'seccompTraps'] as const;

/**
 * The counters one composite amounts to: each ptrace stop with its two host
 * switches, getpid and each seccomp-trapped call as a syscall entry, each
 * signal delivered (sigreturn counted with it), each mprotect with its pages.
 */
export function compositeCounters(contents: Readonly<Record<string, number>>): { ok: true; counters: Counters } | { ok: false; error: string } {
  const unknown = Object.keys(contents).find((k) => !(KNOWN as readonly string[]).includes(k));
  if (unknown !== undefined) return { ok: false, error: `composite content '${unknown}' is not modelled (known: ${KNOWN.join(', ')})` };
  const n = (key: (typeof KNOWN)[number]) => contents[key] ?? 0;
  return {
    ok: true,
    counters: countersWith({
      ptraceStops: n('ptraceStops'),
      hostContextSwitches: 2 * n('ptraceStops'),
      hostSyscalls: { getpid: n('getpid') + n('seccompTraps'), mprotect: n('mprotectCalls'), sigreturn: n('sigreturn') },
      signals: { SIGUSR1: n('signals') },
      mprotectCalls: n('mprotectCalls'),
      presentPagesProtected: n('mprotectCalls') * n('mprotectPages'),
    }),
  };
}

/** Predicts every composite of `calibration` with `costs`; an unmodelled content is an error value. */
export function predictComposites(calibration: Calibration, costs: HostCosts): { ok: true; checks: readonly CompositeCheck[] } | { ok: false; error: string } {
  const checks: CompositeCheck[] = [];
  for (const [name, composite] of Object.entries(calibration.composites) as [CompositeName, Calibration['composites'][CompositeName]][]) {
    const counters = compositeCounters(composite.contents);
    if (!counters.ok) return { ok: false, error: `${name}: ${counters.error}` };
    const predicted = modelRunTime(counters.counters, costs);
    checks.push({
      name, note: composite.note, source: composite.source, contents: composite.contents, measuredNs: composite.medianNs, predicted,
      errorPct: composite.medianNs > 0 ? ((predicted.totalNs - composite.medianNs) / composite.medianNs) * 100 : 0,
    });
  }
  return { ok: true, checks };
}
