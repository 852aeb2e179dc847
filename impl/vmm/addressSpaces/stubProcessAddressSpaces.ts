/**
 * Guest address spaces as real skas0 keeps them: each guest process's memory
 * is the address space of a host process of its own, a stub the VMM traces.
 * The first process's stub is started by the VMM; a fork makes the parent's
 * stub clone itself (a stub call), so the child's stub starts as a copy of the
 * parent's mappings, and before the child first runs the VMM makes it hold the
 * child's own pages, one stub call per area (UML's `force_flush_all`). A guest
 * context switch only chooses which stopped stub the VMM resumes next: no
 * remapping, no switch-guest. An exit kills the stub.
 */
import type { HostKernel } from '../../host/hostKernel.ts';
import type { StubProcesses } from '../../host/stubProcesses.ts';
import { PAGE_SHIFT } from '../../mmu/layout.ts';
import type { VmArea } from '../../guest/processImage.ts';
import type { AddressSpaceHost, AddressSpaceManager, AddressSpaceStrategy } from '../interfaces.ts';
import { stubCall, type StubOp } from '../stubCall.ts';

/**
 * The stub calls that make a cloned stub hold exactly the child's pages (UML's `force_flush_all`): one per area
 * (in address order), walking its pages: each run of present pages with consecutive frames
 * is an mmap, each run of absent ones an munmap (the clone still maps the parent's pages there, such as code that
 * fork does not copy). An area with nothing present is one munmap: a call all the same.
 */
export function populationBatches(areas: readonly VmArea[], pages: ReadonlyMap<number, number>): readonly (readonly StubOp[])[] {
  // Walks the present pages, not every page of an area: a heap may span a quarter of a million pages.
  const present = [...pages.keys()].sort((a, b) => a - b);
  return areas.map(({ start, end, prot }) => {
    const first = start >>> PAGE_SHIFT;
    const last = end >>> PAGE_SHIFT;
    const ops: StubOp[] = [];
    let at = first;
    let i = firstAtOrAbove(present, first);
    while (i < present.length && present[i]! < last) {
      const page = present[i]!;
      const frame = pages.get(page)!;
      if (page > at) ops.push({ kind: 'munmap', start: at << PAGE_SHIFT, pages: page - at });
      let run = 1;
      while (present[i + run] === page + run && page + run < last && pages.get(page + run) === frame + run) run++;
      ops.push({ kind: 'mmap', start: page << PAGE_SHIFT, pages: run, prot, filePage: frame });
      at = page + run;
      i += run;
    }
    if (at < last) ops.push({ kind: 'munmap', start: at << PAGE_SHIFT, pages: last - at });
    return ops;
  });
}

/** The index of the first of `sorted` at or above `value` (its length when none is). */
function firstAtOrAbove(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function stubManager(
  host: HostKernel, stubs: StubProcesses, pagesOf: (pid: number) => ReadonlyMap<number, number> | undefined,
  areasOf: (pid: number) => readonly VmArea[],
): AddressSpaceManager {
  const stubOf = new Map<number, number>();
  /** Stubs cloned for a child, not yet announced. */
  const cloned = new Map<number, number>();
  /** Stubs still holding their parent's mappings. */
  const unpopulated = new Set<number>();
  return {
    processCreated(pid, parent = 0) {
      const parentStub = stubOf.get(parent);
      if (parentStub !== undefined) cloned.set(pid, stubCall(host, stubs, parentStub, [{ kind: 'clone' }])[0]!);
      return true;
    },
    processSpawned(pid) {
      const clone = cloned.get(pid);
      cloned.delete(pid);
      const stub = clone ?? stubs.spawn(undefined);
      if (clone !== undefined) unpopulated.add(stub);
      stubs.attach(stub);
      stubOf.set(pid, stub);
      // Process 1 runs first, with no switch to it.
      if (pid === 1) stubs.scheduled = stub;
    },
    processGone(pid) {
      const stub = stubOf.get(pid);
      if (stub === undefined) return;
      stubOf.delete(pid);
      unpopulated.delete(stub);
      stubs.kill(stub);
    },
    switchTo(_calls, _from, to) {
      const stub = stubOf.get(to);
      if (stub === undefined) throw new Error(`guest process ${to} has no stub process`);
      if (unpopulated.delete(stub)) {
        for (const ops of populationBatches(areasOf(to), pagesOf(to) ?? new Map())) stubCall(host, stubs, stub, ops);
      }
      stubs.scheduled = stub;
    },
    // A stub still holding its parent's mappings is bound once the child's own pages are in.
    bindings: () => new Map([...stubOf].filter(([, stub]) => !unpopulated.has(stub))),
  };
}

/** The `stub-processes` address-space choice (real skas0). */
export const stubProcessAddressSpaces: AddressSpaceStrategy = {
  name: 'stub-processes',
  create(_limits, machine?: AddressSpaceHost) {
    const { stubs, host, pagesOf, areasOf } = machine ?? {};
    if (stubs === undefined || host === undefined || pagesOf === undefined || areasOf === undefined) {
      throw new Error("address spaces 'stub-processes' need the VMM to trace stub processes (mediation 'ptrace-sysemu' or 'seccomp-stub')");
    }
    return stubManager(host, stubs, (pid) => pagesOf(pid), (pid) => areasOf(pid) ?? []);
  },
};
