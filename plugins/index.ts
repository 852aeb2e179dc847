/**
 * `vmspec/plugins`: loading and verifying plug-ins from code, as `vmspec verify`
 * does (defining one is in the root entry point, `vmspec`).
 */
export { defineVariant, PluginDefinitionError } from './defineVariant.ts';
export { loadPlugin, type PluginLoad } from './loadPlugin.ts';
export { runVerify, LOAD_TIMEOUT_MS, type VerifyOutcome, type VerifyStop, type VerifyWatch } from './runVerify.ts';
export type { VerifyRequest, VerifyMessage, PluginSummary, VerifyVerdict } from './verifyMessages.ts';
export { VERIFY_STEPS } from './verifyJob.ts';
export { pluginSubject, PLUGIN_SUBJECT_PREFIX } from './pluginSubject.ts';
export { costReport, COST_COLUMNS, COST_WORKLOADS, type CostRow } from './costReport.ts';
export type {
  VariantDefinition, VariantPlugin, SpecFragment, AxisChoice, PluginAxis, PluginMediation, PluginProtection, PluginAddressSpaces,
} from './pluginTypes.ts';
export { STANDARD_SPECS } from '../spec/index.ts';
