/**
 * The public surface of the property suites: the property type, the registry
 * and the seed helper.
 */
export type { VmspecProperty, PropertyRun, PropertyVerdict } from './property.ts';
export { ALL_PROPERTIES } from './registry.ts';
export { propertySeed, parseSeed } from './seed.ts';
export { fastCheckVerdict } from './fastCheckVerdict.ts';
export { specEventArbitrary, addressArbitrary } from './arbitraries/specEventArbitrary.ts';
