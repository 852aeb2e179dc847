/**
 * Every property the `check` command and the vitest suites run, in order:
 * the spec's own properties, then the emulator's against the spec.
 */
import { conformance, refinement } from './conformance.ts';
import { costClaims } from './costClaims.ts';
import { equivalence } from './equivalence.ts';
import { integrity } from './integrity.ts';
import { isolation } from './isolation.ts';
import type { VmspecProperty } from './property.ts';
import { specFaithful } from './specFaithful.ts';
import { specCompiledAgrees, specNullSyscallIsRigid, specPaperPaths } from './specProperties.ts';

/** The properties of the spec alone. */
export const SPEC_PROPERTIES: readonly VmspecProperty[] = [specFaithful, specPaperPaths, specNullSyscallIsRigid, specCompiledAgrees];

/** The emulator's properties: integrity, isolation, equivalence, conformance, refinement, cost claims. */
export const EMULATOR_PROPERTIES: readonly VmspecProperty[] = [integrity, isolation, equivalence, conformance, refinement, costClaims];

/** All properties, by suite order. */
export const ALL_PROPERTIES: readonly VmspecProperty[] = [...EMULATOR_PROPERTIES, ...SPEC_PROPERTIES];
