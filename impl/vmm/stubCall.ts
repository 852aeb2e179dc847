/**
 * A stub call (real skas0, UML's `do_syscall_stub`): the VMM changes a guest
 * address space by making the stub process that holds it run a batch of host
 * calls of its own. It loads the stub's registers with the stub code's entry,
 * resumes it (PTRACE_CONT), and the stub runs the calls in its own address
 * space and traps back (a SIGTRAP stop). The fork path's clone also runs this
 * way, with the floating-point registers loaded too.
 */
import type { Prot } from '../../spec/types.ts';
import type { HostKernel } from '../host/hostKernel.ts';
import type { StubProcesses } from '../host/stubProcesses.ts';

/** One host call a stub makes for the VMM. */
export type StubOp =
  | { readonly kind: 'mmap'; readonly start: number; readonly pages: number; readonly prot: Prot; readonly filePage: number }
  | { readonly kind: 'munmap'; readonly start: number; readonly pages: number }
  | { readonly kind: 'mprotect'; readonly start: number; readonly pages: number; readonly prot: Prot }
  | { readonly kind: 'clone' };

/** Runs one op in the running stub; a clone's result is the new stub's number. */
function runOp(host: HostKernel, stubs: StubProcesses, stub: number, op: StubOp): number {
  switch (op.kind) {
    case 'mmap':
      return host.mmap(op.start, op.pages, op.prot, op.filePage);
    case 'munmap':
      return host.munmap(op.start, op.pages);
    case 'mprotect':
      return host.mprotect(op.start, op.pages, op.prot);
    case 'clone':
      return stubs.spawn(stub);
  }
}

/** Runs `ops` in stopped stub `stub`, in one stub call; returns their results in order. */
export function stubCall(host: HostKernel, stubs: StubProcesses, stub: number, ops: readonly StubOp[]): number[] {
  stubs.regs(stub, 'set', 'gpr');
  if (ops.some((op) => op.kind === 'clone')) stubs.regs(stub, 'set', 'fp');
  stubs.resume(stub, 'cont');
  const results = ops.map((op) => runOp(host, stubs, stub, op));
  stubs.stop('signal');
  return results;
}
