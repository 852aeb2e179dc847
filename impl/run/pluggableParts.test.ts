/**
 * The axis strategies are plain objects a mutant can wrap (issue 6 builds on
 * this): a protection that forgets to re-protect, or a segment limit one page
 * too high, must show as a rejected trace and as a forbidden access that
 * succeeded in the ledger, not pass silently.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../spec/stepper.ts';
import type { VmmParts } from '../vmm/interfaces.ts';
import { userRegionProbe } from '../workloads/regionProbes.ts';
import { runWorkload } from './runWorkload.ts';

const forgetsReprotect = (parts: VmmParts): VmmParts => ({ ...parts, protection: { ...parts.protection, protect: () => undefined } });
const segmentOnePageHigh = (parts: VmmParts): VmmParts => ({
  ...parts,
  protection: { ...parts.protection, protect: (ops) => ops.setSegmentLimit(0x7000_1000) },
});

describe('wrapped strategies', () => {
  it.each([
    ['forgets re-protect (mprotect)', 'kernel-module/mprotect/remap', forgetsReprotect],
    ['forgets re-protect (segment-bounds)', '+segment-bounds', forgetsReprotect],
    ['segment limit one page too high', '+multi-as', segmentOnePageHigh],
  ] as const)('%s: the trace is rejected and a guest user access to the guest kernel region succeeds', (_name, variant, mutate) => {
    const result = runWorkload(userRegionProbe(), { variant, trace: true, parts: mutate });
    expect(run(result.variant, result.trace).ok).toBe(false);
    expect(result.accesses.some((a) => a.mode === 'user' && a.region === 'guest-kernel')).toBe(true);
  });

  it('the unwrapped parts pass both checks', () => {
    const result = runWorkload(userRegionProbe(), { variant: '+multi-as', trace: true, parts: (parts) => parts });
    expect(run(result.variant, result.trace).ok).toBe(true);
    expect(result.accesses.some((a) => a.mode === 'user' && a.region !== 'guest-user')).toBe(false);
  });
});
