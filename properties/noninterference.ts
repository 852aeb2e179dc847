/**
 * Confidentiality as noninterference (issue 12; Hritcu et al., "Testing
 * Noninterference, Quickly"): two runs of one scenario that differ only in
 * secrets (guest kernel data, host kernel data, the contents of freed frames,
 * each process's secret window) must give the guest identical public
 * observations (publicView.ts names what is public and what is shared on
 * purpose). End-to-end compares the whole runs; single-step compares what
 * the guest can see after every guest instruction, so a secret that reaches
 * memory and is overwritten before the end is caught too.
 */
import { runWorkload, type GuestView, type Observations, type RunOptions } from '../impl/index.ts';
import type { Scenario } from './arbitraries/workloadArbitrary.ts';
import { firstDifference } from './equivalence.ts';
import { publicMemory, publicObservation, publicView } from './publicView.ts';
import { finished, runScenario, scenarioProperty, Violation } from './scenarioProperty.ts';
import { SCENARIO_SECRET, SCENARIO_STEP_LIMIT } from './scenarioRuns.ts';
import type { Subject } from './subject.ts';

/** The other secret: every secret word differs from the scenario runs'. */
export const OTHER_SECRET = 2;

function options(subject: Subject, scenario: Scenario, secret: number, afterStep?: (view: GuestView) => void): RunOptions {
  return {
    variant: subject.variant,
    seed: scenario.seed,
    timerInterval: scenario.timerInterval,
    maxSteps: SCENARIO_STEP_LIMIT,
    secret,
    ...(scenario.addressSpaces === undefined ? {} : { addressSpaces: scenario.addressSpaces }),
    ...(subject.parts ? { parts: subject.parts } : {}),
    ...(subject.bugs ? { bugs: subject.bugs } : {}),
    ...(afterStep ? { afterStep } : {}),
  };
}

function otherRun(subject: Subject, scenario: Scenario, afterStep?: (view: GuestView) => void): Observations {
  try {
    return runWorkload(scenario.workload, options(subject, scenario, OTHER_SECRET, afterStep)).observations;
  } catch (error) {
    throw new Violation(`the emulator threw with the other secret: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** End-to-end noninterference. */
export const noninterference = scenarioProperty({
  name: 'noninterference',
  group: 'isolation',
  description: 'Two runs differing only in secrets (kernel data, freed frames, other processes\' secret words) give the guest identical public observations.',
  judge: (subject, scenario) => {
    const first = publicView(finished(runScenario(subject, scenario)).observations);
    const second = publicView(otherRun(subject, scenario));
    const difference = firstDifference(first, second);
    if (difference !== undefined) throw new Violation(`a secret reached the guest: with another secret, ${difference}`);
  },
});

/** What the guest can see after one step, as a comparable string. */
function stepView(view: GuestView, logSeen: number): string {
  return JSON.stringify([view.log.slice(logSeen).map(publicObservation), view.console.length, publicMemory(view.memory())]);
}

function stepViews(subject: Subject, scenario: Scenario, secret: number): string[] {
  const views: string[] = [];
  let logSeen = 0;
  const record = (view: GuestView) => {
    views.push(stepView(view, logSeen));
    logSeen = view.log.length;
  };
  if (secret === OTHER_SECRET) otherRun(subject, scenario, record);
  else runWorkload(scenario.workload, options(subject, scenario, secret, record));
  return views;
}

/** Single-step noninterference. */
export const noninterferenceStep = scenarioProperty({
  name: 'noninterference-step',
  group: 'isolation',
  description: 'Two runs differing only in secrets look the same to the guest after every guest instruction (memory included), not only at the end.',
  judge: (subject, scenario) => {
    const first = stepViews(subject, scenario, SCENARIO_SECRET);
    const second = stepViews(subject, scenario, OTHER_SECRET);
    const steps = Math.max(first.length, second.length);
    for (let i = 0; i < steps; i++) {
      if (first[i] !== second[i]) throw new Violation(`a secret reached the guest at step ${i + 1}: ${(first[i] ?? '(run over)').slice(0, 160)} vs ${(second[i] ?? '(run over)').slice(0, 160)}`);
    }
  },
});
