/**
 * The mutant catalog (DESIGN.md, "The suites must have teeth"): deliberately
 * broken VMMs, each one small realistic mistake in one axis strategy of a
 * real variant. The suites must catch every one of them.
 */
import {
  GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, GUEST_USER_PAGES, HOST_SYSCALLS, PAGE_SIZE, PRESETS, specOf,
} from '../../spec/index.ts';
import type { Subject } from '../subject.ts';
import { COST_MUTANTS } from './costMutants.ts';
import { GUEST_KERNEL_MUTANTS } from './guestKernelMutants.ts';
import { MACHINE_MUTANTS } from './machineMutants.ts';
import { variant, withAddressSpaceCalls, withProtection, type Mutant } from './mutant.ts';
import { PINNED_MUTANTS } from './pinnedMutants.ts';
import { VMM_MUTANTS } from './vmmMutants.ts';

export type { Mutant } from './mutant.ts';

/** The mistakes of the first catalog: protection and address-space strategies, the allow-list. */
const FIRST_MUTANTS: readonly Mutant[] = [
  {
    name: 'forgets-reprotect',
    mistake: 'the guest kernel returns to user mode without protecting its region again',
    base: PRESETS['+kernel-module'],
    parts: withProtection(() => ({ protect: () => undefined })),
    meantFor: 'integrity',
  },
  {
    name: 'segment-limit-page-high',
    mistake: 'the user segment limit in guest user mode is one page above 0x70000000',
    base: PRESETS['+segment-bounds'],
    parts: withProtection(() => ({ protect: (ops) => ops.setSegmentLimit(GUEST_KERNEL_BASE + PAGE_SIZE) })),
    meantFor: 'integrity',
  },
  {
    name: 'ring1-reaches-host',
    mistake: 'the supervisor-bit VMM runs the guest kernel at ring 1 without cutting the segments to 0xc0000000',
    base: variant('kernel-module/supervisor-bit/remap'),
    parts: withProtection(() => ({
      boot: (ops) => {
        ops.map(GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, 'rw');
        ops.protect(GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, 'rw-supervisor');
        ops.setRing(1);
      },
    })),
    meantFor: 'integrity',
  },
  {
    name: 'supervisor-stays-ring1',
    mistake: 'returning to guest user mode leaves the process at ring 1, where supervisor pages are reachable',
    base: variant('kernel-module/supervisor-bit/multi-as'),
    parts: withProtection(() => ({ protect: () => undefined })),
    meantFor: 'integrity',
  },
  {
    name: 'mprotect-read-only',
    mistake: 'the guest kernel region is made read-only, not PROT_NONE, for guest user mode',
    base: PRESETS.umlinux,
    parts: withProtection(() => ({ protect: (ops) => ops.protect(GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, 'r') })),
    meantFor: 'integrity',
  },
  {
    name: 'munmap-leaves-last-page',
    mistake: 'the munmap before guest user mode leaves the last guest kernel page mapped',
    base: variant('ptrace-process/munmap/remap'),
    parts: withProtection(() => ({ protect: (ops) => ops.unmap(GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES - 1) })),
    meantFor: 'integrity',
  },
  {
    name: 'signal-before-kernel-mapped',
    mistake: 'the module delivers the upcall signal before mapping the guest kernel region back',
    base: variant('kernel-module/munmap/remap'),
    parts: withProtection(() => ({ lift: () => undefined })),
    meantFor: 'equivalence',
  },
  {
    name: 'switch-guest-keeps-old-table',
    mistake: "a guest context switch under multi-as never calls switch-guest, so the previous process's table stays live",
    base: PRESETS['+multi-as'],
    parts: withAddressSpaceCalls((calls) => ({ call: (nr, args) => (nr === 'switch-guest' ? 0 : calls.call(nr, args)) })),
    meantFor: 'integrity',
  },
  {
    name: 'remap-unmaps-page-short',
    mistake: "the remap switch unmaps the guest user region one page short, keeping the previous process's top stack page",
    base: PRESETS.umlinux,
    parts: withAddressSpaceCalls((calls) => ({
      call: (nr, args) => calls.call(nr, nr === 'munmap' && args.kind === 'range' ? { ...args, pages: GUEST_USER_PAGES - 1 } : args),
    })),
    meantFor: 'integrity',
  },
  {
    name: 'multi-as-reuse-unclean',
    mistake: "a reused address-space definition is handed to a new guest process without clearing the old owner's pages",
    base: PRESETS['+multi-as'],
    parts: withAddressSpaceCalls((calls) => ({ call: (nr, args) => (nr === 'munmap' ? 0 : calls.call(nr, args)) })),
    meantFor: 'integrity',
    visibleInTrace: false,
  },
  {
    name: 'allow-list-missing',
    mistake: 'the VMM lets every host syscall of the guest kernel through',
    base: PRESETS.umlinux,
    parts: (parts) => ({ ...parts, allowList: new Set(HOST_SYSCALLS) }),
    meantFor: 'integrity',
  },
];

/** The catalog. */
export const MUTANTS: readonly Mutant[] = [...FIRST_MUTANTS, ...VMM_MUTANTS, ...MACHINE_MUTANTS, ...GUEST_KERNEL_MUTANTS, ...COST_MUTANTS, ...PINNED_MUTANTS];

/** The subject of a mutant: its broken parts, held to its base variant's spec. */
export function mutantSubject(mutant: Mutant): Subject {
  return {
    name: `mutant:${mutant.name}`,
    variant: mutant.base,
    spec: specOf(mutant.base),
    ...(mutant.parts ? { parts: mutant.parts } : {}),
    ...(mutant.bugs ? { bugs: mutant.bugs } : {}),
  };
}
