/**
 * The paper's paths written out as event sequences, per variant: booting,
 * the null guest syscall (8 steps under ptrace-process, 4 under the kernel
 * module, figures 3 and 5), a timer interrupt, a guest page fault and a guest
 * context switch. They document what the spec accepts and are the fixtures
 * of its tests; the emulator never uses them (it must reach its traces on its
 * own).
 */
import { GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, GUEST_USER_PAGES, HOST_KERNEL_BASE, ADDRESS_SPACE_END, PAGE_SIZE } from './layout.ts';
import { STUB_PATHS } from './stubPaths.ts';
import { SECCOMP_STUB_PATHS } from './seccompStubPaths.ts';
import type { HostSignal, HostSyscall, SpecEvent } from './types.ts';
import type { Variant } from './variant.ts';

type Events = readonly SpecEvent[];

const toVmm: SpecEvent = { type: 'host.ctxswitch', from: 'guest-machine', to: 'vmm-process' };
const toGuest: SpecEvent = { type: 'host.ctxswitch', from: 'vmm-process', to: 'guest-machine' };
const resume: SpecEvent = { type: 'host.ptrace.resume' };
const kernelWhole = { asid: 0, start: GUEST_KERNEL_BASE, pages: GUEST_KERNEL_PAGES } as const;
/** A file page of guest user memory: past the guest kernel region's file pages. */
const USER_FRAME = GUEST_KERNEL_PAGES + 16;

const memoryProtection = (variant: Variant): boolean => variant.protection === 'munmap' || variant.protection === 'mprotect';

/** The host operation that makes the guest kernel region reachable. */
function lift(variant: Variant): SpecEvent {
  switch (variant.protection) {
    case 'munmap':
      return { type: 'host.mm.map', ...kernelWhole, prot: 'rw', filePage: 0 };
    case 'mprotect':
      return { type: 'host.mm.protect', ...kernelWhole, prot: 'rw' };
    case 'segment-bounds':
      return { type: 'host.segment.set', limit: ADDRESS_SPACE_END };
    case 'supervisor-bit':
      return { type: 'host.ring.set', ring: 1 };
    case 'separate-kernel':
      throw new Error('bug: the paper paths are for the paper lattice; skas0 has its own (stubPaths.ts)');
  }
}

/** The host operation that makes the guest kernel region unreachable (in address space `asid`). */
function protect(variant: Variant, asid = 0): SpecEvent {
  switch (variant.protection) {
    case 'munmap':
      return { type: 'host.mm.unmap', ...kernelWhole, asid };
    case 'mprotect':
      return { type: 'host.mm.protect', ...kernelWhole, asid, prot: 'none' };
    case 'segment-bounds':
      return { type: 'host.segment.set', limit: GUEST_KERNEL_BASE };
    case 'supervisor-bit':
      return { type: 'host.ring.set', ring: 3 };
    case 'separate-kernel':
      throw new Error('bug: the paper paths are for the paper lattice; skas0 has its own (stubPaths.ts)');
  }
}

/** A host syscall of the guest kernel, passed by the VMM, with its effects. */
export function hostCall(variant: Variant, nr: HostSyscall, effects: Events = []): Events {
  const enter: SpecEvent = { type: 'host.syscall.enter', nr };
  const exit: SpecEvent = { type: 'host.syscall.exit', nr, result: 0 };
  const allow: SpecEvent = { type: 'vmm.allow', nr };
  if (variant.mediation === 'kernel-module') return [enter, allow, ...effects, exit];
  return [
    enter, { type: 'host.ptrace.stop', at: 'enter' }, toVmm, allow, resume, toGuest,
    ...effects,
    exit, { type: 'host.ptrace.stop', at: 'exit' }, toVmm, resume, toGuest,
  ];
}

/**
 * Boot: the VMM maps the guest kernel region (file pages from 0) and protects
 * it, the guest kernel starts and creates its first processes (1 and, for a
 * path that switches, 2).
 */
export function boot(variant: Variant, processes = 1): Events {
  const spawns: Events = Array.from({ length: processes }, (_, i): SpecEvent => ({ type: 'guest.spawn', parent: 0, pid: i + 1 }));
  const mapKernel: SpecEvent = { type: 'host.mm.map', ...kernelWhole, prot: 'rw', filePage: 0 };
  if (variant.protection === 'supervisor-bit') {
    return [
      mapKernel,
      { type: 'host.mm.protect', ...kernelWhole, prot: 'rw-supervisor' },
      { type: 'host.segment.set', limit: HOST_KERNEL_BASE },
      { type: 'host.ring.set', ring: 1 },
      { type: 'vmm.start' },
      ...spawns,
    ];
  }
  return [mapKernel, { type: 'vmm.start' }, ...spawns];
}

/** The guest kernel protects its region (in the live address space `asid`) and returns to guest process `pid`. */
export function returnToUser(variant: Variant, pid: number, asid = 0): Events {
  const protectByCall = memoryProtection(variant) ? hostCall(variant, variant.protection === 'munmap' ? 'munmap' : 'mprotect', [protect(variant, asid)]) : [];
  const byVmm = memoryProtection(variant) ? [] : [protect(variant)];
  const sigreturn: SpecEvent = { type: 'host.syscall.enter', nr: 'sigreturn' };
  const allow: SpecEvent = { type: 'vmm.allow', nr: 'sigreturn' };
  const back: Events = [{ type: 'host.signal.return' }, { type: 'guest.return', pid }];
  if (variant.mediation === 'kernel-module') return [...protectByCall, sigreturn, allow, ...byVmm, ...back];
  return [...protectByCall, sigreturn, { type: 'host.ptrace.stop', at: 'enter' }, toVmm, allow, ...byVmm, resume, toGuest, ...back];
}

/**
 * A host signal reaches the guest kernel's handler, which lifts protection
 * and starts handling `entry` (a guest syscall, interrupt or fault).
 */
function enterKernel(variant: Variant, sig: HostSignal, entry: SpecEvent, trapped?: HostSyscall): Events {
  const liftByCall = memoryProtection(variant) ? hostCall(variant, variant.protection === 'munmap' ? 'mmap' : 'mprotect', [lift(variant)]) : [];
  const deliver: SpecEvent = { type: 'host.signal.deliver', sig };
  if (variant.mediation === 'kernel-module') {
    const head: Events = trapped
      ? [{ type: 'host.syscall.enter', nr: trapped }, { type: 'vmm.intercept', nr: trapped }]
      : [{ type: 'host.signal.send', sig }];
    const send: Events = trapped ? [{ type: 'host.signal.send', sig }] : [];
    // Paper steps 1-4: the module lifts protection itself before the upcall.
    return [...head, lift(variant), ...send, deliver, entry];
  }
  const byVmm = memoryProtection(variant) ? [] : [lift(variant)];
  const head: Events = trapped
    ? [
        { type: 'host.syscall.enter', nr: trapped }, { type: 'host.ptrace.stop', at: 'enter' }, toVmm,
        { type: 'vmm.rewrite', from: trapped, to: 'getpid' }, resume, toGuest,
        { type: 'host.syscall.exit', nr: 'getpid', result: 1 }, { type: 'host.ptrace.stop', at: 'exit' }, toVmm,
        ...byVmm, { type: 'host.signal.send', sig }, resume, toGuest,
      ]
    : [{ type: 'host.signal.send', sig }, { type: 'host.ptrace.stop', at: 'signal' }, toVmm, ...byVmm, { type: 'vmm.forward', sig }, resume, toGuest];
  return [...head, deliver, ...liftByCall, entry];
}

/** Boot, then return to the first guest process (pid 1). */
export function bootToUser(variant: Variant, processes = 1): Events {
  return [...boot(variant, processes), ...returnToUser(variant, 1)];
}

/** One null guest syscall (`getpid`) from guest process 1, after boot. */
export function nullSyscall(variant: Variant): Events {
  return [...bootToUser(variant), ...enterKernel(variant, 'SIGUSR1', { type: 'guest.syscall', pid: 1, nr: 'getpid' }, 'getpid'), ...returnToUser(variant, 1)];
}

/** One timer interrupt while guest process 1 runs. */
export function timerInterrupt(variant: Variant): Events {
  return [...bootToUser(variant), ...enterKernel(variant, 'SIGALRM', { type: 'guest.interrupt', irq: 'timer' }), ...returnToUser(variant, 1)];
}

/** Guest process 1 touches an unmapped user page; the guest kernel maps it (demand paging) and returns. */
export function userPageFault(variant: Variant): Events {
  const addr = 0x0804_8000;
  return [
    ...bootToUser(variant),
    { type: 'guest.access', pid: 1, addr, op: 'write', outcome: 'fault', mode: 'user' },
    ...enterKernel(variant, 'SIGSEGV', { type: 'guest.fault', pid: 1, addr, op: 'write' }),
    ...hostCall(variant, 'mmap', [{ type: 'host.mm.map', asid: 0, start: addr, pages: 1, prot: 'rw', filePage: USER_FRAME }]),
    ...returnToUser(variant, 1),
    { type: 'guest.access', pid: 1, addr, op: 'write', outcome: 'ok', mode: 'user' },
  ];
}

/** A timer interrupt in process 1 makes the guest kernel switch to process 2. */
export function guestContextSwitch(variant: Variant): Events {
  const switchWork =
    variant.addressSpaces === 'remap'
      ? hostCall(variant, 'munmap', [{ type: 'host.mm.unmap', asid: 0, start: 0, pages: GUEST_USER_PAGES }])
      : hostCall(variant, 'switch-guest', [{ type: 'host.as.switch', asid: 2 }]);
  return [
    ...bootToUser(variant, 2),
    ...enterKernel(variant, 'SIGALRM', { type: 'guest.interrupt', irq: 'timer' }),
    ...switchWork,
    { type: 'guest.switch', from: 1, to: 2 },
    ...returnToUser(variant, 2, variant.addressSpaces === 'remap' ? 0 : 2),
  ];
}

/** A guest user access to the first guest kernel page; it must fault and reach the guest kernel. */
export function forbiddenUserAccess(variant: Variant): Events {
  const addr = GUEST_KERNEL_BASE + 0 * PAGE_SIZE;
  return [
    ...bootToUser(variant),
    { type: 'guest.access', pid: 1, addr, op: 'read', outcome: 'fault', mode: 'user' },
    ...enterKernel(variant, 'SIGSEGV', { type: 'guest.fault', pid: 1, addr, op: 'read' }),
    ...returnToUser(variant, 1),
  ];
}

/** The named paths, for tests and for `vmspec check`. */
export const PAPER_PATHS: Readonly<Record<string, (variant: Variant) => Events>> = {
  'null-syscall': nullSyscall,
  'timer-interrupt': timerInterrupt,
  'user-page-fault': userPageFault,
  'guest-context-switch': guestContextSwitch,
  'forbidden-user-access': forbiddenUserAccess,
};

/**
 * Paths to start exploration from: the paper's paths, and after boot each
 * host call of the guest kernel that has an effect (so that exploration a few
 * events deep around them reaches every transition of every machine).
 */
export function explorationSeeds(variant: Variant): readonly Events[] {
  if (variant.mediation === 'ptrace-sysemu') return Object.values(STUB_PATHS).map((path) => path());
  if (variant.mediation === 'seccomp-stub') return Object.values(SECCOMP_STUB_PATHS).map((path) => path());
  const userPage = { asid: 0, start: 0x0804_8000, pages: 1 } as const;
  const calls: Events[] = [
    hostCall(variant, 'mmap', [{ type: 'host.mm.map', ...userPage, prot: 'rw', filePage: USER_FRAME }]),
    hostCall(variant, 'munmap', [{ type: 'host.mm.unmap', ...userPage }]),
    hostCall(variant, 'mprotect', [{ type: 'host.mm.protect', ...userPage, prot: 'r' }]),
    hostCall(variant, 'switch-guest', [{ type: 'host.as.switch', asid: 1 }]),
  ];
  // Kernel mode in space 0; space 1 is selected and protected, then 0, then 1 again (per-space protection under multi-as).
  const protectOne: SpecEvent = variant.protection === 'munmap'
    ? { type: 'host.mm.unmap', ...kernelWhole, asid: 1 }
    : { type: 'host.mm.protect', ...kernelWhole, asid: 1, prot: 'none' };
  const roundTrip: Events = [
    ...hostCall(variant, 'switch-guest', [{ type: 'host.as.switch', asid: 1 }]),
    ...hostCall(variant, variant.protection === 'munmap' ? 'munmap' : 'mprotect', [protectOne]),
    ...hostCall(variant, 'switch-guest', [{ type: 'host.as.switch', asid: 0 }]),
    ...hostCall(variant, 'switch-guest', [{ type: 'host.as.switch', asid: 1 }]),
  ];
  return [...Object.values(PAPER_PATHS).map((path) => path(variant)), ...[...calls, roundTrip].map((call) => [...boot(variant, 2), ...call])];
}
