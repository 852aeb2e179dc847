/**
 * Isolation (DESIGN.md, "Properties"), judged from the hardware's own record
 * of the accesses that succeeded, not from what the program meant to do: no
 * guest user access reached the guest kernel or host kernel region, no guest
 * kernel access reached the host kernel, no user access reached a frame of
 * another guest process, every guest kernel host call off the allow-list was
 * refused, and no load of a forbidden address returned a value.
 */
import { isAllowedForGuestKernel, regionOf, type HostSyscall } from '../spec/index.ts';
import { finished, runScenario, scenarioProperty, Violation } from './scenarioProperty.ts';

/** The result a refused host syscall returns (-EPERM). */
const EPERM = -1;

/** The isolation property. */
export const isolation = scenarioProperty({
  name: 'isolation',
  group: 'isolation',
  description: 'No forbidden access succeeds (by mode and region, or across guest processes) and off-list host calls are refused.',
  judge: (subject, scenario) => {
    const result = finished(runScenario(subject, scenario));
    for (const entry of result.accesses) {
      const forbidden = entry.mode === 'user' ? entry.region !== 'guest-user' : entry.region === 'host-kernel';
      if (forbidden) {
        throw new Violation(`${entry.count} guest ${entry.mode}-mode access(es) to the ${entry.region} region succeeded (first at 0x${entry.firstAddr.toString(16)})`);
      }
    }
    const stray = result.crossProcess.first[0];
    if (stray) {
      throw new Violation(
        `${result.crossProcess.count} user access(es) reached another process's frame: pid ${stray.pid} at 0x${stray.addr.toString(16)} used frame ${stray.frame} (owner ${stray.owner ?? 'none'})`,
      );
    }
    for (const o of result.observations.log) {
      if (o.kind === 'kernel-host-call' && !isAllowedForGuestKernel(o.nr as HostSyscall) && o.result !== EPERM) {
        throw new Violation(`the guest kernel's host call ${o.nr} (off the allow-list) returned ${o.result}, not EPERM`);
      }
      if (o.kind === 'load' && regionOf(o.addr) !== 'guest-user') {
        throw new Violation(`guest process ${o.pid} loaded 0x${o.value.toString(16)} from 0x${o.addr.toString(16)} (${regionOf(o.addr)}) instead of faulting`);
      }
    }
  },
});
