/**
 * Broken guest kernels (issue 12): copies to and from user memory without the
 * range check, frames handed out unzeroed, fork sharing frames, brk freeing
 * pages it leaves mapped, demand paging off by a page, a loop bound off by
 * one. The VMM under them is correct.
 */
import { PRESETS } from '../../spec/index.ts';
import type { Mutant } from './mutant.ts';

/** Guest kernel mistakes, each caught by the property named in `meantFor`. */
export const GUEST_KERNEL_MUTANTS: readonly Mutant[] = [
  {
    name: 'copy-from-user-unchecked',
    mistake: 'copy_from_user follows a pointer above 0x70000000 through the kernel mapping, so write(1, 0x70000000, 4) prints kernel words',
    base: PRESETS.umlinux,
    bugs: { memory: { copyInUnchecked: true } },
    meantFor: 'integrity',
    visibleInTrace: false,
  },
  {
    name: 'copy-to-user-unchecked',
    mistake: 'copy_to_user follows a pointer above 0x70000000, so read and pipe write into guest kernel memory',
    base: PRESETS['+multi-as'],
    bugs: { memory: { copyOutUnchecked: true } },
    meantFor: 'integrity',
    visibleInTrace: false,
  },
  {
    name: 'frame-not-zeroed',
    mistake: "a freed frame is handed to the next process with its previous owner's data",
    base: PRESETS.umlinux,
    bugs: { memory: { noZeroing: true } },
    meantFor: 'equivalence',
    visibleInTrace: false,
  },
  {
    name: 'fork-shares-frames',
    mistake: "fork maps the parent's frames into the child instead of copying them",
    base: PRESETS['+kernel-module'],
    bugs: { syscalls: { forkSharesFrames: true } },
    meantFor: 'equivalence',
    visibleInTrace: false,
  },
  {
    name: 'demand-maps-neighbour',
    mistake: "demand paging maps the frame of the next page of the process, not the faulting one's",
    base: PRESETS['+segment-bounds'],
    bugs: { syscalls: { demandMapsNeighbour: true } },
    meantFor: 'equivalence',
    visibleInTrace: false,
  },
  {
    // Before the ideal machine had an interpreter of its own (issue 24) it ran the emulator's compile: this mistake,
    // made in compile itself, was in both and equivalence could not see it.
    name: 'loop-runs-once-more',
    mistake: 'the program loader compiles a loop of N to run its body N + 1 times (an off-by-one in the loop bound)',
    base: PRESETS['+segment-bounds'],
    bugs: { syscalls: { loopOnceMore: true } },
    meantFor: 'equivalence',
    visibleInTrace: false,
  },
  {
    name: 'brk-keeps-mapping',
    mistake: 'brk frees the pages it takes back but leaves their host mapping in place',
    base: PRESETS['+multi-as'],
    bugs: { syscalls: { brkKeepsMapping: true } },
    meantFor: 'integrity',
    visibleInTrace: false,
  },
];
