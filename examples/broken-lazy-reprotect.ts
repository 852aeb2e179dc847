/**
 * A plausible but broken idea, "lazy re-protection": when the guest kernel
 * made no mapping call while handling an entry, skip the mprotect back to
 * PROT_NONE on the way out, since "nothing changed". But the entry itself
 * lifted the protection, so guest user code can now reach the guest kernel.
 */
import { defineVariant, STANDARD_SPECS, type HostSyscall, type MediationStrategy, type ProtectionStrategy } from 'vmspec';

const MAPPING_CALLS: ReadonlySet<HostSyscall> = new Set(['mmap', 'munmap', 'mprotect', 'switch-guest']);

/** Did the guest kernel make a mapping call since the last lift? (one run at a time) */
let touched = true;

/** The base mediation, watching the guest kernel's host calls as the VMM checks them. */
const watching = (standard: MediationStrategy): MediationStrategy => ({
  ...standard,
  install(host, context) {
    touched = true;
    standard.install(host, {
      ...context,
      allowed: (nr) => {
        if (MAPPING_CALLS.has(nr)) touched = true;
        return context.allowed(nr);
      },
    });
  },
});

/** The base protection, skipping the protect when nothing was touched. */
const lazy = (standard: ProtectionStrategy): ProtectionStrategy => ({
  ...standard,
  lift(ops) {
    standard.lift(ops);
    touched = false;
  },
  protect(ops) {
    if (touched) standard.protect(ops);
  },
});

export default defineVariant({
  name: 'broken-lazy-reprotect',
  description: 'skips re-protecting the guest kernel region when the kernel made no mapping call',
  base: '+kernel-module',
  mediation: (standard) => ({ ...watching(standard), name: 'watching-kernel-module' }),
  protection: (standard) => ({ ...lazy(standard), name: 'lazy-mprotect' }),
  // Judged by the base's own machines: the idea claims to keep the base's behaviour, only faster.
  spec: { mediation: STANDARD_SPECS.mediation['kernel-module'], protection: STANDARD_SPECS.protection.mprotect },
});
