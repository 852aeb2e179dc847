/**
 * The public surface of the property suites: the property type, the registry
 * and the seed helper.
 */
export type { VmspecProperty, PropertyRun, PropertyVerdict, PropertyFailure, PropertyGroup } from './property.ts';
export { ALL_PROPERTIES, SPEC_PROPERTIES, EMULATOR_PROPERTIES, OPTIONAL_PROPERTIES, NAMED_PROPERTIES } from './registry.ts';
export { specFaithful } from './specFaithful.ts';
export { variantSubject, type Subject } from './subject.ts';
export { scenarioArbitrary, program, guestAddressArbitrary, kernelProbeArbitrary, type Scenario } from './arbitraries/workloadArbitrary.ts';
export { runScenario, SCENARIO_STEP_LIMIT, type ScenarioRun } from './scenarioRuns.ts';
export { showScenario, scenarioSize, scenarioProperty, type Judge } from './scenarioProperty.ts';
export { Violation } from './fastCheckVerdict.ts';
export { referenceObservations, firstDifference } from './equivalence.ts';
export { idealObservations, type IdealRun, type IdealResult } from './ideal/idealMachine.ts';
export { propertySeed, parseSeed } from './seed.ts';
export { fastCheckVerdict } from './fastCheckVerdict.ts';
export { specEventArbitrary, addressArbitrary } from './arbitraries/specEventArbitrary.ts';
export { EMULATOR_ID, emulatorTraceHeader } from './emulatorTraceHeader.ts';
export { CLAIM_MEASURES, type CostClaim, type ClaimMeasure } from './declaredClaims.ts';
