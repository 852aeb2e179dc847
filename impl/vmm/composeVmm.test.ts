/**
 * Composition of the axes: names and presets resolve to the right parts, who
 * switches protection follows from the parts (a VMM process can set registers
 * only; a module can also change memory maps), and the address-space managers
 * make the host calls their choice stands for.
 */
import { describe, expect, it } from 'vitest';
import type { HostArgs } from '../host/hostCalls.ts';
import { NO_TRACE } from '../trace.ts';
import { multiAsAddressSpaces } from './addressSpaces/multiAsAddressSpaces.ts';
import { remapAddressSpaces } from './addressSpaces/remapAddressSpaces.ts';
import { composeVmm, vmmParts } from './composeVmm.ts';
import type { GuestHostCalls } from './interfaces.ts';
import type { Variant } from '../../spec/variant.ts';
import { ALL_VARIANTS, nameOfVariant, resolveVariant } from './variants.ts';

function recorder(): GuestHostCalls & { readonly calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    call: (nr, args: HostArgs) => {
      calls.push(args.kind === 'asid' ? `${nr}(${args.asid})` : args.kind === 'range' ? `${nr}(${args.start},${args.pages})` : nr);
      return 0;
    },
  };
}

describe('variants', () => {
  it('resolves every canonical name and every preset, and explains an unknown one', () => {
    expect(ALL_VARIANTS).toHaveLength(16);
    for (const variant of ALL_VARIANTS) expect(resolveVariant(nameOfVariant(variant))).toEqual({ ok: true, variant });
    expect(resolveVariant('+multi-as')).toEqual({ ok: true, variant: { mediation: 'kernel-module', protection: 'segment-bounds', addressSpaces: 'multi-as' } });
    const bad = resolveVariant('ptrace-process/mprotekt/remap');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('mprotekt');
  });
});

describe('composeVmm', () => {
  it.each([
    ['ptrace-process/mprotect/remap', false, false],
    ['ptrace-process/segment-bounds/remap', true, true],
    ['kernel-module/munmap/remap', true, false],
    ['kernel-module/supervisor-bit/multi-as', true, true],
  ] as const)('%s: VMM lifts on entry %s, VMM re-protects on return %s', (name, lifts, protects) => {
    const resolved = resolveVariant(name);
    if (!resolved.ok) throw new Error(resolved.error);
    const vmm = composeVmm(vmmParts(resolved.variant), NO_TRACE);
    expect([vmm.entryLiftedByVmm, vmm.returnProtectedByVmm]).toEqual([lifts, protects]);
  });
});

describe('address-space managers', () => {
  it('remap unmaps the whole guest user region on a switch', () => {
    const calls = recorder();
    remapAddressSpaces.create().switchTo(calls, 1, 2);
    expect(calls.calls).toEqual([`munmap(0,${0x70000})`]);
  });

  it('multi-as switches definitions and empties a new or reused one right after switching to it', () => {
    const calls = recorder();
    const manager = multiAsAddressSpaces.create({ definitions: 2 });
    expect(manager.processCreated(2)).toBe(true);
    manager.switchTo(calls, 1, 2);
    manager.switchTo(calls, 2, 1);
    manager.switchTo(calls, 1, 2);
    expect(manager.processCreated(3)).toBe(false);
    manager.processGone(2);
    expect(manager.processCreated(3)).toBe(true);
    manager.switchTo(calls, 1, 3);
    const empty = `munmap(0,${0x70000})`;
    expect(calls.calls).toEqual(['switch-guest(1)', empty, 'switch-guest(0)', 'switch-guest(1)', 'switch-guest(1)', empty]);
  });

  it('multi-as refuses a process beyond 1024 definitions', () => {
    const manager = multiAsAddressSpaces.create();
    for (let pid = 2; pid <= 1024; pid++) expect(manager.processCreated(pid)).toBe(true);
    expect(manager.processCreated(1025)).toBe(false);
  });
});

describe('reset hooks', () => {
  it('each strategy is reset once per composed VMM, that is once per run', () => {
    const order: string[] = [];
    const standard = vmmParts(resolveVariantOrThrow('umlinux'));
    const parts = {
      ...standard,
      mediation: { ...standard.mediation, reset: () => order.push('mediation') },
      protection: { ...standard.protection, reset: () => order.push('protection') },
      addressSpaces: { ...standard.addressSpaces, reset: () => order.push('addressSpaces') },
    };
    composeVmm(parts, NO_TRACE);
    expect(order).toEqual(['mediation', 'protection', 'addressSpaces']);
    composeVmm(parts, NO_TRACE);
    expect(order).toHaveLength(6);
  });
});

function resolveVariantOrThrow(name: string): Variant {
  const resolved = resolveVariant(name);
  if (!resolved.ok) throw new Error(resolved.error);
  return resolved.variant;
}
