/**
 * Conformance and refinement (DESIGN.md, "Properties"): every trace the
 * emulator emits is accepted by the spec of its subject, and its projection
 * onto guest-level events is accepted by the abstract guest CPU alone.
 */
import { guestCpuSpec, run, type SpecEvent } from '../spec/index.ts';
import type { RunResult } from '../impl/index.ts';
import { finished, runScenario, scenarioProperty, Violation } from './scenarioProperty.ts';
import type { VariantSpec } from '../spec/index.ts';

function judgeTrace(spec: VariantSpec, trace: readonly SpecEvent[], what: string): void {
  const verdict = run(spec, trace);
  if (verdict.ok) return;
  const { machine, state, event, reasons } = verdict.rejection;
  throw new Violation(
    `${what} event #${verdict.index} ${JSON.stringify(event)} rejected by ${machine} in state ${state}${reasons.length > 0 ? `: ${reasons.map((r) => r.text).join('; ')}` : ''}`,
  );
}

/** The guest-layer events of a run's trace. */
export function guestProjection(result: RunResult): SpecEvent[] {
  return result.trace.filter((event) => event.type.startsWith('guest.'));
}

/** Every trace is accepted by the subject's spec. */
export const conformance = scenarioProperty({
  name: 'conformance',
  group: 'conformance',
  description: "Every emulator trace is accepted by the spec machines of the subject's variant.",
  judge: (subject, scenario) => judgeTrace(subject.spec, finished(runScenario(subject, scenario)).trace, 'trace'),
});

/** Every trace's guest-level projection is accepted by the abstract guest CPU. */
export const refinement = scenarioProperty({
  name: 'refinement',
  group: 'conformance',
  description: "Every trace's projection onto guest-level events is accepted by the abstract guest CPU machine.",
  judge: (subject, scenario) => judgeTrace(guestCpuSpec(), guestProjection(finished(runScenario(subject, scenario))), 'guest-level'),
});
