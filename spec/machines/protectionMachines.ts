/**
 * The four protection choices (paper §3 and §4.2): the baselines unmap or
 * PROT_NONE the guest kernel region on every return to user mode; segment
 * bounds shrink the user segments to 0x70000000 instead; the supervisor bit
 * marks the region supervisor-only and runs the guest kernel at ring 1, with
 * the segments cut to 0xc0000000 so ring 1 cannot reach the host kernel.
 */
import { modeSwitchProtection, type BootStep, type HostOperation } from './modeSwitchProtection.ts';

const op = (symbol: string): HostOperation => {
  const type = symbol.split(':')[0] as HostOperation['type'];
  return { type, symbol };
};

const mapKernel: BootStep = {
  name: 'unmapped',
  description: 'The guest kernel region is not mapped yet.',
  operation: op('host.mm.map:kernel-whole'),
};

/** Protection by munmap/mmap of the guest kernel region. */
export const munmapProtectionMachine = modeSwitchProtection({
  id: 'munmap',
  lift: op('host.mm.map:kernel-whole'),
  protect: op('host.mm.unmap:kernel-whole'),
  boot: [mapKernel],
  closedBeforeSigreturn: true,
  perAddressSpace: true,
});

/** Protection by mprotect of the guest kernel region (PROT_NONE in user mode). */
export const mprotectProtectionMachine = modeSwitchProtection({
  id: 'mprotect',
  lift: op('host.mm.protect:kernel-whole:rw'),
  protect: op('host.mm.protect:kernel-whole:none'),
  boot: [mapKernel],
  closedBeforeSigreturn: true,
  perAddressSpace: true,
});

/** Protection by the user segment limit: 0x70000000 in user mode, 4 GiB in kernel mode. */
export const segmentBoundsProtectionMachine = modeSwitchProtection({
  id: 'segment-bounds',
  lift: op('host.segment.set:full'),
  protect: op('host.segment.set:guest-user'),
  boot: [mapKernel],
  kernelMappings: { whenClosed: true },
});

/** Protection by supervisor-only pages and ring 1 for the guest kernel. */
export const supervisorBitProtectionMachine = modeSwitchProtection({
  id: 'supervisor-bit',
  lift: op('host.ring.set:1'),
  protect: op('host.ring.set:3'),
  boot: [
    { name: 'unmapped', description: 'The guest kernel region is not mapped yet.', operation: op('host.mm.map:kernel-whole') },
    {
      name: 'userReachable',
      description: 'Mapped, but not yet supervisor-only.',
      operation: op('host.mm.protect:kernel-whole:rw-supervisor'),
    },
    {
      name: 'hostReachable',
      description: 'Supervisor-only, but ring 1 could still reach host kernel pages: cut the segments first.',
      operation: op('host.segment.set:below-host'),
    },
    { name: 'ring3', description: 'Segments cut to 0xc0000000; the guest kernel may enter ring 1.', operation: op('host.ring.set:1') },
  ],
  kernelMappings: { prots: ['rw-supervisor', 'none'], whenClosed: true },
});
