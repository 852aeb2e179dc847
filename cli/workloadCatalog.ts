/**
 * Named guest workloads for `record` and the golden traces: small runs that
 * each show one path of the paper (a null syscall, a guest context switch, a
 * timer interrupt, a guest page fault, a forbidden access) on the emulator.
 * `vmspec real`'s names (getpid, pingpong, fork) are aliases of the ones that
 * run the same iteration, so one name means one thing on both.
 */
import {
  HEAP_BASE, forkExitWait, forkTree, kernelRegionProbe, memoryToucher, nullSyscallLoop, pipePingPong, userRegionProbe, type Workload,
} from '../impl/index.ts';
import { realNameOf, WORKLOAD_ALIASES } from './workloadAliases.ts';
import { wrapLine } from './wrap.ts';

export { WORKLOAD_ALIASES };

/** A named workload and what it shows. */
export interface NamedWorkload {
  readonly about: string;
  readonly make: () => Workload;
}

/** The catalog, by name. */
export const WORKLOADS: Readonly<Record<string, NamedWorkload>> = {
  'null-syscall': { about: 'one null guest syscall (getpid)', make: () => nullSyscallLoop(1) },
  'context-switch': { about: 'two guest processes passing one word through a pipe', make: () => pipePingPong(1) },
  'timer-interrupt': {
    about: 'a guest process computing past one timer tick',
    make: () => ({ name: 'timer-interrupt', programs: [[{ op: 'compute', cycles: 1500 }]] }),
  },
  'page-fault': { about: 'a guest process touching a fresh heap page (demand paging)', make: () => memoryToucher(1, 1, 1) },
  'forbidden-access': { about: 'a guest process loading from the guest kernel and host kernel regions', make: userRegionProbe },
  'kernel-probe': { about: 'the guest kernel reading near and across its region edges', make: kernelRegionProbe },
  'fork-exit-wait': { about: 'a guest process forking a child that exits at once, and waiting for it', make: () => forkExitWait(1) },
  'fork-tree': { about: 'a small tree of forked guest processes', make: () => forkTree(2) },
  'heap-store': {
    about: 'one store and load on the heap',
    make: () => ({ name: 'heap-store', programs: [[{ op: 'store', addr: HEAP_BASE, value: 7 }, { op: 'load', addr: HEAP_BASE }]] }),
  },
};

/** The catalog name `name` stands for (itself, or what its alias means), or null when it is neither. */
export function workloadNamed(name: string): string | null {
  if (Object.hasOwn(WORKLOADS, name)) return name;
  return Object.hasOwn(WORKLOAD_ALIASES, name) ? WORKLOAD_ALIASES[name]! : null;
}

/** Every name `record` takes: the catalog's, then the aliases. */
export const WORKLOAD_NAMES: readonly string[] = [...Object.keys(WORKLOADS), ...Object.keys(WORKLOAD_ALIASES)];

/** The `record --list` lines, wrapped to `width`: each workload, what it shows, and its vmspec real name if it has one. */
export function workloadList(width: number): string {
  const column = Math.max(...Object.keys(WORKLOADS).map((n) => n.length)) + 2;
  return Object.entries(WORKLOADS).flatMap(([name, w]) => {
    const alias = realNameOf(name);
    return wrapLine(`${name.padEnd(column)}${w.about}${alias === undefined ? '' : ` (alias ${alias}, as in vmspec real)`}`, width, ' '.repeat(column));
  }).join('\n');
}
