/**
 * Broken host memory paths (issue 12, the truer machine): a TLB flush missed
 * on mprotect, on munmap or on switch-guest, so the CPU keeps using a
 * translation the page tables no longer allow.
 */
import { PRESETS } from '../../spec/index.ts';
import { variant, type Mutant } from './mutant.ts';

/** Host mistakes, each caught by the property named in `meantFor`. */
export const MACHINE_MUTANTS: readonly Mutant[] = [
  {
    name: 'tlb-stale-after-mprotect',
    mistake: 'the host mprotect rewrites the entries but does not flush the TLB (no host context switch flushes it for the module)',
    base: PRESETS['+kernel-module'],
    bugs: { host: { protectWithoutFlush: true } },
    meantFor: 'integrity',
    visibleInTrace: false,
  },
  {
    name: 'tlb-stale-after-munmap',
    mistake: 'the host munmap clears the entries but does not flush the TLB',
    base: variant('kernel-module/munmap/remap'),
    bugs: { host: { unmapWithoutFlush: true } },
    meantFor: 'integrity',
    visibleInTrace: false,
  },
  {
    name: 'tlb-stale-after-remap',
    mistake: "the remap switch's munmap of the user region leaves the previous process's translations in the TLB",
    base: PRESETS['+segment-bounds'],
    bugs: { host: { unmapWithoutFlush: true } },
    meantFor: 'integrity',
    visibleInTrace: false,
  },
  {
    name: 'tlb-stale-after-switch-guest',
    mistake: 'switch-guest loads the new page directory without flushing the (untagged) TLB',
    base: PRESETS['+multi-as'],
    bugs: { host: { switchWithoutFlush: true } },
    meantFor: 'integrity',
    visibleInTrace: false,
  },
];
