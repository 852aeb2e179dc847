/**
 * Every property the `check` command and the vitest suites run, in order:
 * the spec's own properties, then the emulator's against the spec.
 */
import { conformance } from './conformance.ts';
import { costClaims } from './costClaims.ts';
import { equivalence } from './equivalence.ts';
import { integrity } from './integrity.ts';
import { isolation } from './isolation.ts';
import { noninterference, noninterferenceStep } from './noninterference.ts';
import { refinement } from './refinement.ts';
import type { VmspecProperty } from './property.ts';
import { specFaithful } from './specFaithful.ts';
import { specCompiledAgrees, specNullSyscallIsRigid, specPaperPaths } from './specProperties.ts';

/** The properties of the spec alone. */
export const SPEC_PROPERTIES: readonly VmspecProperty[] = [specFaithful, specPaperPaths, specNullSyscallIsRigid, specCompiledAgrees];

/** The emulator's properties: integrity, isolation, noninterference, equivalence, conformance, refinement, cost claims. */
export const EMULATOR_PROPERTIES: readonly VmspecProperty[] = [integrity, isolation, noninterference, equivalence, conformance, refinement, costClaims];

/** Properties run only when named (`check --property`): slower forms of a default one. */
export const OPTIONAL_PROPERTIES: readonly VmspecProperty[] = [noninterferenceStep];

/** All properties, by suite order. */
export const ALL_PROPERTIES: readonly VmspecProperty[] = [...EMULATOR_PROPERTIES, ...SPEC_PROPERTIES];

/** Every property a name can pick: the default ones and the optional ones. */
export const NAMED_PROPERTIES: readonly VmspecProperty[] = [...ALL_PROPERTIES, ...OPTIONAL_PROPERTIES];
