/**
 * Mediation as real User-Mode Linux skas0 does it (6.1, `userspace()` in
 * arch/um/os-Linux/skas/process.c): the guest kernel runs in the VMM process,
 * which traces the stub process of the running guest address space with
 * PTRACE_SYSEMU. A guest syscall is one stop: the VMM reads the stub's general
 * and floating-point registers, the guest kernel handles the call, and the VMM
 * writes them back and resumes the stub. No getpid rewrite, no SIGUSR1, no
 * sigreturn. A fault also reads the siginfo and lets the stub's own SIGSEGV
 * handler record the fault (a stub call); resuming a stub other than the one
 * that ran last first loads the next process's TLS base (ARCH_PRCTL, with the
 * register reads and writes around it that UML's `arch_prctl` makes).
 * The guest kernel's host calls are the VMM process's own syscalls, untraced;
 * the VMM still holds them to its allow-list and the guest layout (a refused
 * one fails with EPERM, counted as a denial but untraced, as a real trace
 * would not show it either), so the guest kernel reaches no more of the host
 * than in the paper's variants.
 */
import type { HostSignal } from '../../../spec/types.ts';
import type { HostArgs, SigInfo, SyscallFrame } from '../../host/hostCalls.ts';
import type { HostKernel } from '../../host/hostKernel.ts';
import type { StubProcesses } from '../../host/stubProcesses.ts';
import type { StubTracer } from '../../host/vmmHooks.ts';
import { GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, PAGE_SIZE } from '../../mmu/layout.ts';
import type { MediationContext, MediationStrategy } from '../interfaces.ts';
import { rangeInOneGuestRegion } from './vetHostCall.ts';
import { stubCall, type StubOp } from '../stubCall.ts';

/** The stub op a memory call of the guest kernel on guest user memory becomes; undefined for any other call. */
export function userMemoryOp(nr: SyscallFrame['nr'], args: HostArgs): StubOp | undefined {
  if (args.kind !== 'range' || args.start + args.pages * PAGE_SIZE > GUEST_KERNEL_BASE) return undefined;
  const { start, pages, prot, filePage } = args;
  if (nr === 'mmap') return { kind: 'mmap', start, pages, prot, filePage };
  if (nr === 'munmap') return { kind: 'munmap', start, pages };
  if (nr === 'mprotect') return { kind: 'mprotect', start, pages, prot };
  return undefined;
}

/**
 * The VMM side of real skas0 for one run. `faultInfoCall`: the stub's fault details come by a stub call (ptrace
 * stubs, UML's get_skas_faultinfo); seccomp stubs' SIGSEGV handler leaves them in the page it shares with the VMM.
 */
export function stubTracer(
  host: HostKernel, context: MediationContext, stubs: StubProcesses, enterKernel: (sig: HostSignal, info: SigInfo) => void,
  { faultInfoCall }: { readonly faultInfoCall: boolean } = { faultInfoCall: true },
): StubTracer {
  /** The stub whose stop the guest kernel is handling: its process's memory calls run there. */
  let entered: number | undefined;
  /** The stub resumed last: its process's TLS base is the one loaded. */
  let lastRun: number | undefined;
  const saveRegisters = (stub: number) => {
    stubs.regs(stub, 'get', 'gpr');
    stubs.regs(stub, 'get', 'fp');
  };
  return {
    syscallStop(stub, call) {
      saveRegisters(stub);
      entered = stub;
      enterKernel('SIGUSR1', { kind: 'upcall', nr: call.nr, call });
    },
    signalStop(stub, sig, info) {
      saveRegisters(stub);
      if (info.kind === 'fault') {
        // GETSIGINFO, and the floating-point registers saved again before the stub's own handler runs (faultInfo).
        stubs.regs(stub, 'get', 'other');
        stubs.regs(stub, 'get', 'fp');
      }
      entered = stub;
      enterKernel(sig, info);
    },
    faultInfo() {
      // get_skas_faultinfo: the stub's own SIGSEGV handler records the fault's details (a stub call), then the VMM
      // restores the floating-point registers that handler may have changed.
      if (entered === undefined) throw new Error('fault details asked for, but no stub stopped for a fault');
      if (!faultInfoCall) return;
      stubs.resume(entered, 'cont');
      stubs.stop('signal');
      stubs.regs(entered, 'set', 'fp');
    },
    ownSignal(sig, info) {
      entered = undefined;
      enterKernel(sig, info);
    },
    kernelCall(frame) {
      if (!context.allowed(frame.nr) || !(context.argumentsOk?.(frame.args) ?? rangeInOneGuestRegion(frame.args))) {
        frame.denied = true;
        return true;
      }
      const op = userMemoryOp(frame.nr, frame.args);
      if (op === undefined || entered === undefined) return false;
      frame.result = stubCall(host, stubs, entered, [op])[0]!;
      return true;
    },
    returnToUser(resume) {
      entered = undefined;
      if (!resume) return;
      const stub = stubs.scheduled;
      if (stub === undefined) throw new Error('the guest kernel returns to user mode, but no stub is scheduled');
      if (lastRun !== undefined && stub !== lastRun) {
        stubs.regs(stub, 'set', 'gpr');
        stubs.regs(stub, 'set', 'other');
        stubs.regs(stub, 'get', 'gpr');
      }
      stubs.regs(stub, 'set', 'gpr');
      stubs.regs(stub, 'set', 'fp');
      stubs.resume(stub, 'sysemu');
      lastRun = stub;
    },
  };
}

/** The `ptrace-sysemu` mediation choice (real skas0). */
export const sysemuStubMediation: MediationStrategy = {
  name: 'ptrace-sysemu',
  changesMemoryInKernel: false,
  install(host, context) {
    // The VMM process maps the guest's physical memory at the guest kernel region of its own address space: its own
    // setting up, before the guest machine exists, so untraced (a real trace never shows it either).
    host.mm.mmap(GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, 'rw', 0);
    host.attachStubTracer((stubs, enterKernel) => stubTracer(host, context, stubs, enterKernel));
  },
};

/**
 * The `seccomp-stub` mediation choice (UML 7 `seccomp=on`): the same guest-kernel side, over stubs that are not
 * ptraced (impl/host/seccompStubProcesses.ts): entries come by the stub's signal handler and a futex hand-off,
 * work and returns by waking it; no register transfer, TLS load or fault-details call.
 */
export const seccompStubMediation: MediationStrategy = {
  name: 'seccomp-stub',
  changesMemoryInKernel: false,
  install(host, context) {
    host.mm.mmap(GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, 'rw', 0);
    host.attachStubTracer((stubs, enterKernel) => stubTracer(host, context, stubs, enterKernel, { faultInfoCall: false }), 'seccomp');
  },
};
