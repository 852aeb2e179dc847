/**
 * Guest address spaces as real skas0 keeps them: each guest process's memory
 * is the address space of a host process of its own, a stub the VMM traces.
 * The first process's stub is started by the VMM; a fork makes the parent's
 * stub clone itself (a stub call), so the child's stub starts as a copy of the
 * parent's mappings, and before the child first runs the VMM maps the child's
 * own pages into it, one stub call per area (UML's `force_flush_all`). A guest
 * context switch only chooses which stopped stub the VMM resumes next: no
 * remapping, no switch-guest. An exit kills the stub.
 */
import { STACK_BASE } from '../../guest/guestProcess.ts';
import type { HostKernel } from '../../host/hostKernel.ts';
import type { StubProcesses } from '../../host/stubProcesses.ts';
import { PAGE_SHIFT } from '../../mmu/layout.ts';
import type { AddressSpaceHost, AddressSpaceManager, AddressSpaceStrategy } from '../interfaces.ts';
import { stubCall, type StubOp } from '../stubCall.ts';

const STACK_PAGE = STACK_BASE >>> PAGE_SHIFT;

/** The mmaps that map `pages` (guest page → guest frame) as they are, by area (heap, stack): runs of consecutive pages and frames merged. */
export function populationBatches(pages: ReadonlyMap<number, number>): readonly (readonly StubOp[])[] {
  const byArea: StubOp[][] = [[], []];
  let run: { area: number; page: number; frame: number; pages: number } | undefined;
  const flush = () => {
    if (run !== undefined) byArea[run.area]!.push({ kind: 'mmap', start: run.page << PAGE_SHIFT, pages: run.pages, prot: 'rw', filePage: run.frame });
  };
  for (const [page, frame] of [...pages].sort((a, b) => a[0] - b[0])) {
    const area = page >= STACK_PAGE ? 1 : 0;
    if (run !== undefined && run.area === area && run.page + run.pages === page && run.frame + run.pages === frame) run.pages++;
    else {
      flush();
      run = { area, page, frame, pages: 1 };
    }
  }
  flush();
  return byArea.filter((ops) => ops.length > 0);
}

function stubManager(host: HostKernel, stubs: StubProcesses, pagesOf: (pid: number) => ReadonlyMap<number, number> | undefined): AddressSpaceManager {
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
        for (const ops of populationBatches(pagesOf(to) ?? new Map())) stubCall(host, stubs, stub, ops);
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
    const { stubs, host, pagesOf } = machine ?? {};
    if (stubs === undefined || host === undefined || pagesOf === undefined) {
      throw new Error("address spaces 'stub-processes' need the VMM to trace stub processes (mediation 'ptrace-sysemu')");
    }
    return stubManager(host, stubs, (pid) => pagesOf(pid));
  },
};
