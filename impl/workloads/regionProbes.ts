/**
 * The isolation probes of issue 4: a guest application loading from the first
 * guest kernel page, the last guest kernel page and the first host kernel page
 * (each must become a guest SIGSEGV), and the same addresses read by the guest
 * kernel itself in guest kernel mode (the first two succeed, the third faults).
 */
import type { Workload } from '../run/workload.ts';

/** The probed addresses. */
export const PROBE_ADDRESSES = [0x7000_0000, 0xbfff_f000, 0xc000_0000] as const;

/** A guest process that handles SIGSEGV and loads from each probe address. */
export function userRegionProbe(): Workload {
  return {
    name: 'user-region-probe',
    programs: [[
      { op: 'syscall', call: { nr: 'sigaction', sig: 'SIGSEGV', handler: [{ op: 'compute', cycles: 1 }] } },
      ...PROBE_ADDRESSES.map((addr) => ({ op: 'load', addr }) as const),
    ]],
  };
}

/** The same loads, made by the guest kernel in guest kernel mode at boot. */
export function kernelRegionProbe(): Workload {
  return {
    name: 'kernel-region-probe',
    programs: [[{ op: 'syscall', call: { nr: 'getpid' } }]],
    kernelProbe: { accesses: PROBE_ADDRESSES.map((addr) => ({ addr, op: 'read' })) },
  };
}
