/**
 * Every property the `check` command and the vitest suites run, in order.
 */
import type { VmspecProperty } from './property.ts';
import { specCompiledAgrees, specNullSyscallIsRigid, specPaperPaths } from './specProperties.ts';

/** All properties, by suite order. */
export const ALL_PROPERTIES: readonly VmspecProperty[] = [specPaperPaths, specNullSyscallIsRigid, specCompiledAgrees];
