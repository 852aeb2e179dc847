/**
 * Broken VMMs beyond the first catalog (issue 12): aliasing a guest-kernel
 * frame into user space, address-space definitions shared by live processes,
 * application syscalls escaping to the host, re-protection on one return path
 * only, a widened allow-list and a kernel-mode segment reaching the host.
 */
import type { AddressSpaceManager, VmmParts } from '../../impl/index.ts';
import { ADDRESS_SPACE_END, GUEST_USER_PAGES, PRESETS } from '../../spec/index.ts';
import { variant, withMediationHooks, withProtection, type Mutant } from './mutant.ts';

/** A user page no generated program addresses on purpose. */
const ALIAS_PAGE = 0x2345_6000;

const emptyUserRegion = { kind: 'range', start: 0, pages: GUEST_USER_PAGES, prot: 'none', filePage: 0 } as const;

/** Multi-as whose definitions are chosen by pid parity, without asking whether a live process holds one. */
function parityAddressSpaces(parts: VmmParts): VmmParts {
  return {
    ...parts,
    addressSpaces: {
      name: 'multi-as',
      create: (): AddressSpaceManager => {
        const asidOf = new Map<number, number>([[1, 0]]);
        const emptied = new Set<number>([0]);
        return {
          processCreated: (pid) => (asidOf.set(pid, (pid - 1) % 2), true),
          processGone: (pid) => void asidOf.delete(pid),
          switchTo: (calls, _from, to) => {
            const asid = asidOf.get(to) ?? 0;
            calls.call('switch-guest', { kind: 'asid', asid });
            if (!emptied.has(asid)) calls.call('munmap', emptyUserRegion);
            emptied.add(asid);
          },
          bindings: () => asidOf,
        };
      },
    },
  };
}

/** Broken VMMs, each caught by the property named in `meantFor`. */
export const VMM_MUTANTS: readonly Mutant[] = [
  {
    name: 'alias-kernel-frame-in-user',
    mistake: 'every return to user mode also maps guest frame 0 (kernel data) read/write at one user page of the running process',
    base: PRESETS.umlinux,
    parts: withProtection((p) => ({ protect: (ops) => (p.protect(ops), ops.map(ALIAS_PAGE, 1, 'rw')) })),
    meantFor: 'integrity',
    visibleInTrace: false,
  },
  {
    name: 'multi-as-asid-shared',
    mistake: 'address-space definitions are picked by pid parity, so two live processes can share one',
    base: PRESETS['+multi-as'],
    parts: parityAddressSpaces,
    meantFor: 'integrity',
    // The spec binds each process to its address space: a switch into a space another live process holds diverges.
  },
  {
    name: 'ptrace-passes-write',
    mistake: "the VMM process lets a guest application's write through to the host instead of rewriting it to getpid",
    base: PRESETS.umlinux,
    parts: withMediationHooks(() => ({
      tracer: (inner) => ({ ...inner, syscallEnter: (frame, host) => (frame.args.kind === 'guest-call' && frame.nr === 'write' ? undefined : inner.syscallEnter(frame, host)) }),
    })),
    meantFor: 'integrity',
  },
  {
    name: 'module-fast-getpid',
    mistake: "the kernel module lets a guest application's getpid run on the host as a fast path",
    base: PRESETS['+kernel-module'],
    parts: withMediationHooks(() => ({
      module: (inner) => ({ ...inner, syscallEnter: (frame, host) => (frame.args.kind === 'guest-call' && frame.nr === 'getpid' ? 'continue' : inner.syscallEnter(frame, host)) }),
    })),
    meantFor: 'integrity',
  },
  {
    name: 'reprotect-syscall-path-only',
    mistake: 'the segment-bounds module restores the user segment limit when returning from a syscall, not from a timer or disk interrupt',
    base: PRESETS['+segment-bounds'],
    parts: (parts) => {
      let path: 'syscall' | 'signal' = 'syscall';
      const hooked = withMediationHooks(() => ({
        module: (inner) => ({
          syscallEnter: (frame, host) => {
            if (frame.args.kind === 'guest-call') path = 'syscall';
            return inner.syscallEnter(frame, host);
          },
          signalDelivery: (sig, info, host) => {
            if (sig !== 'SIGUSR1') path = 'signal';
            inner.signalDelivery(sig, info, host);
          },
        }),
      }))(parts);
      return { ...hooked, protection: { ...parts.protection, protect: (ops) => (path === 'syscall' ? parts.protection.protect(ops) : undefined) } };
    },
    meantFor: 'integrity',
  },
  {
    name: 'layout-unchecked',
    mistake: "the VMM checks the guest kernel's host calls against the allow-list only, so an mprotect or mmap across 0x70000000 or 0xc0000000 reaches the host",
    base: PRESETS['+kernel-module'],
    parts: (parts) => ({ ...parts, argumentsOk: () => true }),
    meantFor: 'integrity',
  },
  {
    name: 'allow-list-plus-execve',
    mistake: 'the allow-list also lets the guest kernel execve on the host',
    base: PRESETS['+segment-bounds'],
    parts: (parts) => ({ ...parts, allowList: new Set([...parts.allowList, 'execve']) }),
    meantFor: 'integrity',
  },
  {
    name: 'ring1-full-segment-on-interrupt',
    mistake: 'the supervisor-bit module widens the segments to 4 GiB on timer and disk entries, so ring 1 reaches the host kernel',
    base: variant('kernel-module/supervisor-bit/remap'),
    parts: withMediationHooks(() => ({
      module: (inner) => ({
        ...inner,
        signalDelivery: (sig, info, host) => {
          inner.signalDelivery(sig, info, host);
          if (sig !== 'SIGUSR1') host.setSegmentLimit(ADDRESS_SPACE_END);
        },
      }),
    })),
    meantFor: 'integrity',
  },
];
