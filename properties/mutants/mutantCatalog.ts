/**
 * The mutant catalog (DESIGN.md, "The suites must have teeth"): deliberately
 * broken VMMs, each one small realistic mistake in one axis strategy of a
 * real variant. The suites must catch every one of them.
 */
import type { AddressSpaceStrategy, GuestHostCalls, ProtectionStrategy, VmmParts } from '../../impl/index.ts';
import {
  GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, GUEST_USER_PAGES, HOST_SYSCALLS, PAGE_SIZE, PRESETS, parseVariant, specOf, type Variant,
} from '../../spec/index.ts';
import type { Subject } from '../subject.ts';

/** A deliberately broken VMM. */
export interface Mutant {
  /** Kebab-case name (`forgets-reprotect`). */
  readonly name: string;
  /** The mistake, in one sentence. */
  readonly mistake: string;
  /** The variant it breaks. */
  readonly base: Variant;
  readonly parts: (standard: VmmParts) => VmmParts;
}

const variant = (name: string): Variant => {
  const parsed = parseVariant(name);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.variant;
};

const withProtection = (change: (p: ProtectionStrategy) => Partial<ProtectionStrategy>) => (parts: VmmParts): VmmParts => ({
  ...parts,
  protection: { ...parts.protection, ...change(parts.protection) },
});

/** An address-space strategy whose host calls pass through `filter` (which may drop or change them). */
const withAddressSpaceCalls = (filter: (calls: GuestHostCalls) => GuestHostCalls) => (parts: VmmParts): VmmParts => {
  const inner: AddressSpaceStrategy = parts.addressSpaces;
  return {
    ...parts,
    addressSpaces: {
      ...inner,
      create: () => {
        const manager = inner.create();
        return { ...manager, switchTo: (calls, from, to) => manager.switchTo(filter(calls), from, to) };
      },
    },
  };
};

/** The catalog. */
export const MUTANTS: readonly Mutant[] = [
  {
    name: 'forgets-reprotect',
    mistake: 'the guest kernel returns to user mode without protecting its region again',
    base: PRESETS['+kernel-module'],
    parts: withProtection(() => ({ protect: () => undefined })),
  },
  {
    name: 'segment-limit-page-high',
    mistake: 'the user segment limit in guest user mode is one page above 0x70000000',
    base: PRESETS['+segment-bounds'],
    parts: withProtection(() => ({ protect: (ops) => ops.setSegmentLimit(GUEST_KERNEL_BASE + PAGE_SIZE) })),
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
  },
  {
    name: 'supervisor-stays-ring1',
    mistake: 'returning to guest user mode leaves the process at ring 1, where supervisor pages are reachable',
    base: variant('kernel-module/supervisor-bit/multi-as'),
    parts: withProtection(() => ({ protect: () => undefined })),
  },
  {
    name: 'mprotect-read-only',
    mistake: 'the guest kernel region is made read-only, not PROT_NONE, for guest user mode',
    base: PRESETS.umlinux,
    parts: withProtection(() => ({ protect: (ops) => ops.protect(GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, 'r') })),
  },
  {
    name: 'munmap-leaves-last-page',
    mistake: 'the munmap before guest user mode leaves the last guest kernel page mapped',
    base: variant('ptrace-process/munmap/remap'),
    parts: withProtection(() => ({ protect: (ops) => ops.unmap(GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES - 1) })),
  },
  {
    name: 'signal-before-kernel-mapped',
    mistake: 'the module delivers the upcall signal before mapping the guest kernel region back',
    base: variant('kernel-module/munmap/remap'),
    parts: withProtection(() => ({ lift: () => undefined })),
  },
  {
    name: 'switch-guest-keeps-old-table',
    mistake: "a guest context switch under multi-as never calls switch-guest, so the previous process's table stays live",
    base: PRESETS['+multi-as'],
    parts: withAddressSpaceCalls((calls) => ({ call: (nr, args) => (nr === 'switch-guest' ? 0 : calls.call(nr, args)) })),
  },
  {
    name: 'remap-unmaps-page-short',
    mistake: "the remap switch unmaps the guest user region one page short, keeping the previous process's top stack page",
    base: PRESETS.umlinux,
    parts: withAddressSpaceCalls((calls) => ({
      call: (nr, args) => calls.call(nr, nr === 'munmap' && args.kind === 'range' ? { ...args, pages: GUEST_USER_PAGES - 1 } : args),
    })),
  },
  {
    name: 'multi-as-reuse-unclean',
    mistake: "a reused address-space definition is handed to a new guest process without clearing the old owner's pages",
    base: PRESETS['+multi-as'],
    parts: withAddressSpaceCalls((calls) => ({ call: (nr, args) => (nr === 'munmap' ? 0 : calls.call(nr, args)) })),
  },
  {
    name: 'allow-list-missing',
    mistake: 'the VMM lets every host syscall of the guest kernel through',
    base: PRESETS.umlinux,
    parts: (parts) => ({ ...parts, allowList: new Set(HOST_SYSCALLS) }),
  },
];

/** The subject of a mutant: its broken parts, held to its base variant's spec. */
export function mutantSubject(mutant: Mutant): Subject {
  return { name: `mutant:${mutant.name}`, variant: mutant.base, parts: mutant.parts, spec: specOf(mutant.base) };
}
