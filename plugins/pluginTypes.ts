/**
 * The shape of a vmspec plug-in (issue 8): a new optimization as one choice
 * on one or more axes of the variant lattice (docs/design.md), built on a base
 * variant, with the spec machine of each axis it replaces (its own or a standard one). `defineVariant`
 * turns a `VariantDefinition` into a checked `VariantPlugin`.
 */
import type { Explanations } from '../spec/index.ts';
import type { AnyStateMachine } from 'xstate';
import type { AddressSpaceStrategy, MediationStrategy, ProtectionStrategy, VmmParts } from '../impl/index.ts';
import type { HostSyscall, SpecComponent, SpecEventType, Variant } from '../spec/index.ts';
import type { CostClaim } from '../properties/index.ts';

/** A mediation a plug-in supplies: the standard interface, under a name of its own. */
export type PluginMediation = Omit<MediationStrategy, 'name'> & { readonly name: string };
/** A protection a plug-in supplies: the standard interface, under a name of its own. */
export type PluginProtection = Omit<ProtectionStrategy, 'name'> & { readonly name: string };
/** An address-space choice a plug-in supplies: the standard interface, under a name of its own. */
export type PluginAddressSpaces = Omit<AddressSpaceStrategy, 'name'> & { readonly name: string };

/**
 * One axis of a definition: a strategy, or a function of the base variant's
 * standard strategy on that axis (to wrap or reuse it). The function is called
 * once, when the plug-in is defined.
 */
export type AxisChoice<Standard, Own> = Own | ((standard: Standard) => Own);

/**
 * A spec machine for one axis of a plug-in: an XState v5 machine over
 * `SpecEvent`s, the event types it constrains and, optionally, why each of its
 * guards says no (for divergence reports). Guards and updates must be named in
 * `setup` (updates as `assign(function)`), with no entry/exit actions,
 * delays or parallel states, so that it compiles to tables.
 */
export interface SpecFragment {
  readonly machine: AnyStateMachine;
  readonly alphabet: readonly SpecEventType[];
  readonly explanations?: Explanations;
}

/** What a plug-in author writes. */
export interface VariantDefinition {
  /** Kebab-case name (`systrap`). */
  readonly name: string;
  /** One sentence: the idea. */
  readonly description?: string;
  /** The variant it starts from: a preset (`+kernel-module`) or `mediation/protection/address-spaces`. */
  readonly base: string;
  readonly mediation?: AxisChoice<MediationStrategy, PluginMediation>;
  readonly protection?: AxisChoice<ProtectionStrategy, PluginProtection>;
  readonly addressSpaces?: AxisChoice<AddressSpaceStrategy, PluginAddressSpaces>;
  /** The host syscalls the VMM lets the guest kernel make (default: the base's list). */
  readonly allowList?: readonly HostSyscall[];
  /**
   * The machine judging each axis, replacing the base variant's there (the guest CPU always stays): your own
   * fragment or a standard machine (`STANDARD_SPECS.protection['segment-bounds']`). Required on every axis whose
   * strategy you replace: the base's machine for that axis cannot see what your strategy does instead.
   */
  readonly spec?: {
    readonly mediation?: SpecFragment | SpecComponent;
    readonly protection?: SpecFragment | SpecComponent;
    readonly addressSpaces?: SpecFragment | SpecComponent;
  };
  /**
   * What the optimization is for, as claims checked on every scenario by cost-claims, beside the paper's claims for
   * the optimized choices it keeps: `{ says: 'no mprotect after boot', measure: 'kernel region operations after boot', atMost: 0 }`.
   */
  readonly costClaims?: readonly CostClaim[];
}

/** The axes (and the allow-list) a plug-in can replace. */
export type PluginAxis = 'mediation' | 'protection' | 'addressSpaces' | 'allowList';

/** A checked plug-in, as `defineVariant` returns it and `vmspec verify` loads it. */
export interface VariantPlugin {
  readonly kind: 'vmspec-plugin';
  readonly name: string;
  readonly description: string;
  /** The base variant, and its name as written. */
  readonly base: Variant;
  readonly baseName: string;
  /** What it replaces, in axis order. */
  readonly replaces: readonly PluginAxis[];
  /** The strategies' own names, by replaced axis. */
  readonly choiceNames: Readonly<Partial<Record<PluginAxis, string>>>;
  /** The VMM parts of one run (the standard parts it is given are ignored: the base's are used). */
  readonly parts: () => VmmParts;
  /** Its spec: the guest CPU, then one machine per axis (the one it names, else, on an axis it keeps, the base's). */
  readonly components: readonly SpecComponent[];
  /** The names of the components it supplies itself. */
  readonly fragments: readonly string[];
  /** The names of the standard machines it names for an axis (`protection/segment-bounds`). */
  readonly standardSpecs: readonly string[];
  /** Its own cost claims (checked by cost-claims). */
  readonly costClaims: readonly CostClaim[];
}
