/**
 * Conformance (DESIGN.md, "Properties"): every trace the emulator emits is
 * accepted by the spec of its subject. (Refinement, the state-level check,
 * is refinement.ts.)
 */
import { briefEvent, run, type SpecEvent } from '../spec/index.ts';
import { finished, runScenario, scenarioProperty, Violation } from './scenarioProperty.ts';
import type { VariantSpec } from '../spec/index.ts';

function judgeTrace(spec: VariantSpec, trace: readonly SpecEvent[], what: string): void {
  const verdict = run(spec, trace);
  if (verdict.ok) return;
  const { machine, state, event, reasons } = verdict.rejection;
  throw new Violation(
    `${what} event #${verdict.index} ${briefEvent(event)} rejected by ${machine} in state ${state}${reasons.length > 0 ? `: ${reasons.map((r) => r.text).join('; ')}` : ''}`,
  );
}

/** Every trace is accepted by the subject's spec. */
export const conformance = scenarioProperty({
  name: 'conformance',
  group: 'conformance',
  description: "Every emulator trace is accepted by the spec machines of the subject's variant.",
  judge: (subject, scenario) => judgeTrace(subject.spec, finished(runScenario(subject, scenario)).trace, 'trace'),
});
