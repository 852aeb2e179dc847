/**
 * Isolation as it emerges from page tables, segment limits and rings (issue 4,
 * done-when): loads from 0x70000000, 0xbffff000 and 0xc0000000 are guest
 * SIGSEGVs in guest user mode in every variant; in guest kernel mode the first
 * two succeed and the third faults; the ledger never shows a forbidden access
 * succeeding; the guest kernel's off-list host calls are refused.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../spec/stepper.ts';
import { allVariants, variantName } from '../../spec/variant.ts';
import { kernelRegionProbe, PROBE_ADDRESSES, userRegionProbe } from '../workloads/regionProbes.ts';
import { runWorkload } from './runWorkload.ts';

const VARIANTS = allVariants().map((v) => [variantName(v), v] as const);

describe.each(VARIANTS)('%s', (_name, variant) => {
  it('turns each guest user load from the probe addresses into a guest SIGSEGV', () => {
    const { observations, accesses } = runWorkload(userRegionProbe(), { variant });
    const faults = observations.log.filter((o) => o.kind === 'fault').map((o) => (o.kind === 'fault' ? o.addr : -1));
    expect(faults).toEqual([...PROBE_ADDRESSES]);
    expect(observations.log.filter((o) => o.kind === 'signal')).toHaveLength(3);
    expect(accesses.filter((a) => a.mode === 'user' && a.region !== 'guest-user')).toEqual([]);
  });

  it('lets guest kernel mode read the guest kernel region and not the host kernel', () => {
    const { observations, accesses } = runWorkload(kernelRegionProbe(), { variant });
    const outcomes = observations.log.flatMap((o) => (o.kind === 'kernel-access' ? [o.outcome] : []));
    expect(outcomes).toEqual(['ok', 'ok', 'fault']);
    expect(accesses.filter((a) => a.region === 'host-kernel')).toEqual([]);
  });

  it('refuses the guest kernel host syscalls off the allow-list, with EPERM and a vmm.deny', () => {
    const workload = { name: 'escape', programs: [[]], kernelProbe: { hostCalls: ['fork', 'execve', 'getpid'] } } as const;
    const { observations, trace, counters } = runWorkload(workload, { variant, trace: true });
    const results = observations.log.flatMap((o) => (o.kind === 'kernel-host-call' ? [o.result] : []));
    expect(results).toEqual([-1, -1, 100]);
    expect(trace.filter((e) => e.type === 'vmm.deny')).toEqual([{ type: 'vmm.deny', nr: 'fork' }, { type: 'vmm.deny', nr: 'execve' }]);
    expect(counters.vmmDenials).toBe(2);
    expect(run(variant, trace).ok).toBe(true);
  });
});

describe('a process that does not handle SIGSEGV', () => {
  it('dies with status 139 and the guest machine halts normally', () => {
    const workload = { name: 'crash', programs: [[{ op: 'load', addr: 0x7000_0000 }, { op: 'syscall', call: { nr: 'getpid' } }]] } as const;
    for (const variant of ['umlinux', '+multi-as']) {
      const { observations } = runWorkload(workload, { variant });
      expect(observations.exits).toEqual({ 1: 139 });
      expect(observations.end).toBe('halted');
      expect(observations.log.some((o) => o.kind === 'syscall')).toBe(false);
    }
  });
});
