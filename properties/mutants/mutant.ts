/**
 * What a mutant is (DESIGN.md, "The suites must have teeth"): one small,
 * realistic mistake in a VMM strategy, the host's memory paths or the guest
 * kernel of a real variant, and the property meant to catch it; plus the
 * helpers the catalog builds mistakes with.
 */
import type {
  AddressSpaceStrategy, GuestHostCalls, HostKernel, InjectedBugs, MediationStrategy, ModuleHook, ProtectionStrategy, Tracer, VmmParts,
} from '../../impl/index.ts';
import { parseVariant, type Variant } from '../../spec/index.ts';

/** A deliberately broken VMM, host or guest kernel. */
export interface Mutant {
  /** Kebab-case name (`forgets-reprotect`). */
  readonly name: string;
  /** The mistake, in one sentence. */
  readonly mistake: string;
  /** The variant it breaks. */
  readonly base: Variant;
  /** How it changes the VMM's parts, if it does. */
  readonly parts?: (standard: VmmParts) => VmmParts;
  /** Bugs it injects below the VMM, if any. */
  readonly bugs?: InjectedBugs;
  /** The property meant to catch it. */
  readonly meantFor: string;
  /** False when its mistake cannot show in a trace (the spec does not track frames or data). */
  readonly visibleInTrace?: boolean;
}

/** The variant named `name` (throws on a typo in the catalog). */
export const variant = (name: string): Variant => {
  const parsed = parseVariant(name);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.variant;
};

/** Parts whose protection strategy is changed by `change`. */
export const withProtection = (change: (p: ProtectionStrategy) => Partial<ProtectionStrategy>) => (parts: VmmParts): VmmParts => ({
  ...parts,
  protection: { ...parts.protection, ...change(parts.protection) },
});

/** An address-space strategy whose host calls pass through `filter` (which may drop or change them). */
export const withAddressSpaceCalls = (filter: (calls: GuestHostCalls) => GuestHostCalls) => (parts: VmmParts): VmmParts => {
  const inner: AddressSpaceStrategy = parts.addressSpaces;
  return {
    ...parts,
    addressSpaces: {
      ...inner,
      create: (limits) => {
        const manager = inner.create(limits);
        return { ...manager, switchTo: (calls, from, to) => manager.switchTo(filter(calls), from, to) };
      },
    },
  };
};

/** How a mutant alters the hooks a mediation installs in the host (its tracer or its module). */
export interface HookChange {
  readonly tracer?: (tracer: Tracer) => Tracer;
  readonly module?: (hook: ModuleHook) => ModuleHook;
}

/** The host as `install` sees it, with the tracer or module it attaches changed by `change`. */
export function hostWithHooks(host: HostKernel, change: HookChange): HostKernel {
  return new Proxy(host, {
    get(target, property) {
      if (property === 'attachTracer' && change.tracer) return (tracer: Tracer) => target.attachTracer(change.tracer!(tracer));
      if (property === 'loadModule' && change.module) return (hook: ModuleHook) => target.loadModule(change.module!(hook));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Parts whose mediation installs hooks changed by `change` (made afresh for each run). */
export const withMediationHooks = (change: () => HookChange) => (parts: VmmParts): VmmParts => {
  const inner: MediationStrategy = parts.mediation;
  return { ...parts, mediation: { ...inner, install: (host, context) => inner.install(hostWithHooks(host, change()), context) } };
};
