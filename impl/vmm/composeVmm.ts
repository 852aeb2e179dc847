/**
 * Composes a VMM from one strategy per axis (DESIGN.md, the variant lattice)
 * and derives who switches protection: the VMM lifts it at interception when
 * it can (a module can change memory maps in the host kernel; anyone can set
 * the segment limit or ring from the VMM), otherwise the guest kernel's
 * handler does it through its own host syscalls.
 */
import type { Variant } from '../../spec/variant.ts';
import type { HostKernel } from '../host/hostKernel.ts';
import type { TraceSink } from '../trace.ts';
import { multiAsAddressSpaces } from './addressSpaces/multiAsAddressSpaces.ts';
import { remapAddressSpaces } from './addressSpaces/remapAddressSpaces.ts';
import { stubProcessAddressSpaces } from './addressSpaces/stubProcessAddressSpaces.ts';
import { GUEST_KERNEL_HOST_CALLS } from './allowList.ts';
import type { AddressSpaceStrategy, MediationContext, MediationStrategy, ProtectionStrategy, VmmParts } from './interfaces.ts';
import { kernelModuleMediation } from './mediation/kernelModuleMediation.ts';
import { ptraceProcessMediation } from './mediation/ptraceProcessMediation.ts';
import { seccompStubMediation, sysemuStubMediation } from './mediation/sysemuStubMediation.ts';
import { vmmProtectionOps } from './mediation/vmmOps.ts';
import { mprotectProtection } from './protection/mprotectProtection.ts';
import { munmapProtection } from './protection/munmapProtection.ts';
import { segmentBoundsProtection } from './protection/segmentBoundsProtection.ts';
import { separateKernelProtection } from './protection/separateKernelProtection.ts';
import { supervisorBitProtection } from './protection/supervisorBitProtection.ts';

/** The mediation strategies by name. */
export const MEDIATION_STRATEGIES: Readonly<Record<Variant['mediation'], MediationStrategy>> = {
  'ptrace-process': ptraceProcessMediation,
  'kernel-module': kernelModuleMediation,
  'ptrace-sysemu': sysemuStubMediation,
  'seccomp-stub': seccompStubMediation,
};
/** The protection strategies by name. */
export const PROTECTION_STRATEGIES: Readonly<Record<Variant['protection'], ProtectionStrategy>> = {
  munmap: munmapProtection,
  mprotect: mprotectProtection,
  'segment-bounds': segmentBoundsProtection,
  'supervisor-bit': supervisorBitProtection,
  'separate-kernel': separateKernelProtection,
};
/** The address-space strategies by name. */
export const ADDRESS_SPACE_STRATEGIES: Readonly<Record<Variant['addressSpaces'], AddressSpaceStrategy>> = {
  remap: remapAddressSpaces,
  'multi-as': multiAsAddressSpaces,
  'stub-processes': stubProcessAddressSpaces,
};

/** The standard parts of `variant`. */
export function vmmParts(variant: Variant): VmmParts {
  return {
    mediation: MEDIATION_STRATEGIES[variant.mediation],
    protection: PROTECTION_STRATEGIES[variant.protection],
    addressSpaces: ADDRESS_SPACE_STRATEGIES[variant.addressSpaces],
    allowList: GUEST_KERNEL_HOST_CALLS,
  };
}

/** A composed VMM, ready to build a guest machine. */
export interface Vmm {
  readonly parts: VmmParts;
  readonly entryLiftedByVmm: boolean;
  readonly returnProtectedByVmm: boolean;
  /** Builds the guest machine on `host`: maps and protects the guest kernel region, hooks mediation in. */
  build(host: HostKernel): void;
}

/** Composes `parts` into a VMM. */
export function composeVmm(parts: VmmParts, sink: TraceSink): Vmm {
  // One VMM is composed per run: this is "before each run" for the strategies' reset hooks.
  parts.mediation.reset?.();
  parts.protection.reset?.();
  parts.addressSpaces.reset?.();
  const register = parts.protection.means === 'register';
  const entryLiftedByVmm = register || parts.mediation.changesMemoryInKernel;
  const returnProtectedByVmm = register;
  const context: MediationContext = {
    protection: parts.protection,
    entryLiftedByVmm,
    returnProtectedByVmm,
    allowed: (nr) => parts.allowList.has(nr),
    ...(parts.argumentsOk ? { argumentsOk: parts.argumentsOk } : {}),
    sink,
  };
  return {
    parts,
    entryLiftedByVmm,
    returnProtectedByVmm,
    build(host) {
      parts.protection.boot(vmmProtectionOps({
        sendSignal: () => { throw new Error('no signals before the guest machine starts'); },
        setSegmentLimit: (limit) => host.setSegmentLimit(limit),
        setRing: (ring) => host.setRing(ring),
        memory: {
          mmap: (start, pages, prot, filePage) => host.mmap(start, pages, prot, filePage),
          munmap: (start, pages) => host.munmap(start, pages),
          mprotect: (start, pages, prot) => host.mprotect(start, pages, prot),
        },
      }));
      parts.mediation.install(host, context);
    },
  };
}
