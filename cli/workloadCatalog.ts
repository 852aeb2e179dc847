/**
 * Named guest workloads for `record` and the golden traces: small runs that
 * each show one path of the paper (a null syscall, a guest context switch, a
 * timer interrupt, a guest page fault, a forbidden access) on the emulator.
 */
import {
  HEAP_BASE, forkTree, kernelRegionProbe, memoryToucher, nullSyscallLoop, pipePingPong, userRegionProbe, type Workload,
} from '../impl/index.ts';

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
  'fork-tree': { about: 'a small tree of forked guest processes', make: () => forkTree(2) },
  'heap-store': {
    about: 'one store and load on the heap',
    make: () => ({ name: 'heap-store', programs: [[{ op: 'store', addr: HEAP_BASE, value: 7 }, { op: 'load', addr: HEAP_BASE }]] }),
  },
};
