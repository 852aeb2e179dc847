/**
 * The shape of every emulator property: over random scenarios, run the
 * subject and judge the run; a judgement fails by throwing a `Violation`
 * that says what it saw. The counterexample is the shrunk scenario.
 */
import fc from 'fast-check';
import type { Program } from '../impl/index.ts';
import { scenarioArbitrary, type Scenario } from './arbitraries/workloadArbitrary.ts';
import { fastCheckVerdict, Violation } from './fastCheckVerdict.ts';
import type { PropertyGroup, PropertyRun, VmspecProperty } from './property.ts';
import { runScenario, type ScenarioRun } from './scenarioRuns.ts';
import type { Subject } from './subject.ts';

/** Instructions in a program, counting loop bodies and forked children once. */
export function instructionCount(program: Program): number {
  let count = 0;
  for (const instr of program) {
    count++;
    if (instr.op === 'loop') count += instructionCount(instr.body);
    if (instr.op === 'syscall' && instr.call.nr === 'fork') count += instructionCount(instr.call.child);
  }
  return count;
}

/** Instructions in all of a scenario's programs (its size as a counterexample). */
export function scenarioSize(scenario: Scenario): number {
  const probe = scenario.workload.kernelProbe;
  const probeSize = (probe?.accesses?.length ?? 0) + (probe?.hostCalls?.length ?? 0);
  return scenario.workload.programs.reduce((sum, p) => sum + instructionCount(p), 0) + probeSize;
}

/** A printable scenario: its size, then the JSON that replays it. */
export function showScenario(scenario: Scenario): string {
  return `${scenarioSize(scenario)} instructions: ${JSON.stringify(scenario)}`;
}

/** The result of a run, or a violation when the emulator threw. */
export function finished(run: ScenarioRun) {
  if (!run.ok) throw new Violation(run.error);
  return run.result;
}

/** Judges one scenario's run(s) on `subject`; throws a `Violation` when the property does not hold. */
export type Judge = (subject: Subject, scenario: Scenario) => void;

/** Builds an emulator property from its judgement. */
export function scenarioProperty(definition: {
  readonly name: string;
  readonly group: PropertyGroup;
  readonly description: string;
  readonly notApplicable?: (subject: Subject) => string | undefined;
  readonly judge: Judge;
}): VmspecProperty {
  const { judge, ...rest } = definition;
  return {
    ...rest,
    judge,
    check: (run: PropertyRun) =>
      fastCheckVerdict(
        fc.property(scenarioArbitrary, (scenario) => judge(run.subject, scenario)),
        run,
        ([scenario]) => showScenario(scenario),
        ([scenario]) => scenario,
      ),
  };
}

export { runScenario, Violation };
