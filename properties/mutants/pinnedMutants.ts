/**
 * Pinned mutants (issue 24, item 2): for each of noninterference, refinement,
 * isolation and conformance, three mistakes that it alone of the emulator
 * properties catches, each at the edge of what it observes, so that none of
 * them can become vacuous unnoticed (pinnedMutants.prop.test.ts).
 *
 * Noninterference: the guest kernel's scheduler reads kernel data it never
 * initialised (a secret in noninterference runs), a channel through the
 * schedule. Equivalence follows the schedule the subject recorded, the trace
 * and invariants are those of a legal schedule, so only two runs with
 * different secrets tell. (A plain data leak would differ from the ideal
 * machine, and equivalence would catch it too.) On the unoptimised preset, so that
 * no cost baseline is compared: a different schedule costs differently.
 * Isolation: speculative accesses of the CPU whose values never reach a
 * register: only the hardware's record of the accesses that succeeded shows
 * them.
 * Conformance: one event written after the next instead of before it; the
 * machine and what the guest sees are right.
 * Refinement: one event written in order but late, when the machine has moved
 * on from the state the event claims; the spec accepts the trace.
 */
import { PRESETS } from '../../spec/index.ts';
import type { Mutant } from './mutant.ts';

/** The mutants each pinning one property. */
export const PINNED_MUTANTS: readonly Mutant[] = [
  {
    name: 'tie-break-reads-kernel-data',
    mistake: "the scheduler's tie-break among runnable processes adds a bit of a kernel data word it never initialised",
    base: PRESETS.umlinux,
    bugs: { syscalls: { tieBreakReadsKernelData: true } },
    meantFor: 'noninterference',
    visibleInTrace: false,
  },
  {
    name: 'preempt-reads-kernel-data',
    mistake: 'a timer tick preempts only when an uninitialised per-tick accounting slot of kernel data has bit 1 clear',
    base: PRESETS.umlinux,
    bugs: { syscalls: { preemptReadsKernelData: true } },
    meantFor: 'noninterference',
    visibleInTrace: false,
  },
  {
    name: 'scheduler-seeded-from-kernel-data',
    mistake: "the scheduler's random generator is seeded, at its first choice, from a kernel data word never initialised",
    base: PRESETS.umlinux,
    bugs: { syscalls: { seedFromKernelData: true } },
    meantFor: 'noninterference',
    visibleInTrace: false,
  },
  {
    name: 'prefetch-next-page-unchecked',
    mistake: "after a user load, the CPU's next-page prefetcher reads the following page without a permission check",
    base: PRESETS.umlinux,
    bugs: { cpu: { prefetchNextPage: true } },
    meantFor: 'isolation',
    visibleInTrace: false,
  },
  {
    name: 'stale-line-buffer',
    mistake: "a one-entry translation buffer is not flushed on a guest switch and is read speculatively, touching the previous process's frame",
    base: PRESETS['+kernel-module'],
    bugs: { cpu: { staleLineBuffer: true } },
    meantFor: 'isolation',
    visibleInTrace: false,
  },
  {
    name: 'speculates-past-trap',
    mistake: "a syscall inside a loop body is mispredicted as the loop's branch, and one load of the guest kernel's entry page runs in user mode",
    base: PRESETS['+multi-as'],
    bugs: { cpu: { speculatesPastTrap: true } },
    meantFor: 'isolation',
    visibleInTrace: false,
  },
  {
    name: 'switch-logged-after-next',
    mistake: 'the guest kernel writes guest.switch to the trace after the event that follows it',
    base: PRESETS.umlinux,
    bugs: { trace: { swappedWithNext: 'guest.switch' } },
    meantFor: 'conformance',
  },
  {
    name: 'mprotect-logged-after-next',
    mistake: "the host writes the VMM's mprotect of the guest kernel region to the trace after the event that follows it",
    base: PRESETS.umlinux,
    bugs: { trace: { swappedWithNext: 'host.mm.protect' } },
    meantFor: 'conformance',
  },
  // guest.idle swapped instead (mean 63 runs over 30 seeds) needed up to 345: past the 200-run budget, so a flaky pin.
  {
    name: 'interrupt-logged-after-next',
    mistake: 'the guest kernel writes guest.interrupt to the trace after the event that follows it',
    base: PRESETS['+kernel-module'],
    bugs: { trace: { swappedWithNext: 'guest.interrupt' } },
    meantFor: 'conformance',
  },
  {
    name: 'access-logged-late',
    mistake: 'a guest memory access is buffered and written when the next event is, by which time the guest kernel may have spawned a process or trapped',
    base: PRESETS.umlinux,
    bugs: { trace: { flushedLate: 'guest.access' } },
    meantFor: 'refinement',
    visibleInTrace: false,
  },
  {
    name: 'spawn-logged-late',
    mistake: 'guest.spawn is buffered and written when the next event is, after the guest kernel has made more processes',
    base: PRESETS['+multi-as'],
    bugs: { trace: { flushedLate: 'guest.spawn' } },
    meantFor: 'refinement',
    visibleInTrace: false,
  },
  {
    name: 'fault-logged-late',
    mistake: 'guest.fault is buffered and written when the next event is, after the guest kernel has handled the fault (and perhaps killed the process)',
    base: PRESETS['+kernel-module'],
    bugs: { trace: { flushedLate: 'guest.fault' } },
    meantFor: 'refinement',
    visibleInTrace: false,
  },
];
