/**
 * Integrity (DESIGN.md, "Properties"; issue 12): the named invariants of
 * impl/integrity hold at every checkpoint of a run (every entry to guest user
 * and guest kernel mode, every switch-guest, every mapping or protection
 * change, every guest syscall), judged from the machine's state, not from the
 * accesses a workload happened to make; and every host call the guest kernel
 * got executed is on the spec's allow-list with a range inside one region of
 * the guest layout.
 */
import { classifyRange, isAllowedForGuestKernel } from '../spec/index.ts';
import { finished, runScenario, scenarioProperty, Violation } from './scenarioProperty.ts';

/** The integrity property. */
export const integrity = scenarioProperty({
  name: 'integrity',
  group: 'isolation',
  description: 'The named invariants hold at every mode entry, switch-guest, mapping change and syscall; the guest kernel got only vetted host calls executed.',
  judge: (subject, scenario) => {
    const result = finished(runScenario(subject, scenario));
    const broken = result.integrity.first[0];
    if (broken !== undefined) {
      throw new Violation(`${broken.invariant} broken at ${broken.at} after ${broken.instruction} instructions (${result.integrity.count} in all): ${broken.detail}`);
    }
    for (const call of result.kernelCalls) {
      if (!isAllowedForGuestKernel(call.nr)) throw new Violation(`guest-kernel-host-calls-vetted: the host executed the guest kernel's ${call.nr}, off the allow-list`);
      if (call.start !== undefined && classifyRange(call.start, call.pages ?? 0) === 'other') {
        throw new Violation(`guest-kernel-host-calls-vetted: the host executed ${call.nr}(0x${call.start.toString(16)}, ${call.pages} pages), a range across regions of the guest layout`);
      }
    }
  },
});
