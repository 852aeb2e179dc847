/**
 * Shape checks of plug-in definitions: each mistake gets one line naming the
 * field; a good definition composes its parts and its spec (the guest CPU,
 * the machine named for each axis it replaces, the base's on the others), and
 * one that replaces an axis without naming its machine is refused.
 */
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { PROTECTION_STRATEGIES } from '../impl/index.ts';
import { STANDARD_SPECS } from '../spec/index.ts';
import { buildPlugin } from './buildPlugin.ts';
import { claimsVariant, keptClaims, pluginSubject } from './pluginSubject.ts';

const mprotect = PROTECTION_STRATEGIES.mprotect;
const fragment = { machine: setup({}).createMachine({ id: 'f', initial: 'a', states: { a: { on: { 'guest.switch': 'a' } } } }), alphabet: ['guest.switch'] };

describe('buildPlugin', () => {
  // Titled by the error: a definition naming a standard machine would print the whole machine.
  it.each(([
    [42, 'a plug-in must be an object (defineVariant({ name, base, … })), got number 42'],
    [{ name: 'x', base: 'umlinux', protocol: 1 }, "unknown key 'protocol' (known: name, description, base, mediation, protection, addressSpaces, allowList, spec, costClaims)"],
    [{ name: 'x', base: 'umlinux', protection: { ...mprotect, name: 'p', protec: () => undefined } }, "unknown key 'protec' in 'protection' (did you mean 'protect'?; known: name, means, boot, lift, protect, reset)"],
    [{ name: 'x', base: 'umlinux', protections: mprotect }, "unknown key 'protections' (did you mean 'protection'?; known:"],
    [{ name: 'x', base: 'umlinux', protection: { ...mprotect, name: 'p', reset: 1 } }, "'protection.reset' must be a function, got number 1"],
    [{ name: 'x', base: 'umlinux', protection: { ...mprotect, name: 'p' } }, "'protection' is replaced but 'spec.protection' is not given, and the base's protection/mprotect cannot judge another strategy: give your own machine or a standard one, spec: { protection: STANDARD_SPECS.protection['…'] } (munmap, mprotect, segment-bounds, supervisor-bit, separate-kernel)"],
    [{ name: 'x', base: '+multi-as', addressSpaces: (s: object) => ({ ...s, name: 'a' }), spec: { protection: STANDARD_SPECS.protection.mprotect } }, "'addressSpaces' is replaced but 'spec.addressSpaces' is not given, and the base's address-spaces/multi-as"],
    [{ name: 'x', base: 'umlinux', protection: { ...mprotect, name: 'p' }, spec: { protection: STANDARD_SPECS.mediation['kernel-module'] } }, "'spec.protection' is the mediation machine 'mediation/kernel-module': give a protection machine (STANDARD_SPECS.protection[…] or your own)"],
    [{ name: 'Fast VMM', base: 'umlinux' }, "'name' must be a kebab-case name such as 'lazy-tlb', got the string \"Fast VMM\""],
    [{ name: 'x', base: 'vmware' }, "'base': unknown variant 'vmware'"],
    [{ name: 'x', base: 'umlinux' }, "a plug-in must change something: give 'mediation', 'protection', 'addressSpaces', 'allowList' or 'spec'"],
    [{ name: 'x', base: 'umlinux', protection: { ...mprotect, name: 'p', means: 'magic' } }, "'protection.means' must be 'memory' or 'register', got the string \"magic\""],
    [{ name: 'x', base: 'umlinux', protection: () => { throw new Error('no'); } }, "'protection' (a function of the standard protection strategy) threw: no"],
    [{ name: 'x', base: 'umlinux', mediation: { name: 'm', install: () => undefined } }, "'mediation.changesMemoryInKernel' must be a boolean, got undefined"],
    [{ name: 'x', base: 'umlinux', addressSpaces: { name: 'a', create: () => ({ switchTo: () => undefined }) } }, "'addressSpaces.create().processCreated' must be a function, got undefined"],
    [{ name: 'x', base: 'umlinux', allowList: ['getpid', 'teleport'] }, "'allowList[1]' must be a host syscall"],
    [{ name: 'x', base: 'umlinux', spec: { mediation: { machine: {}, alphabet: ['guest.switch'] } } }, "'spec.mediation.machine' must be an XState v5 machine"],
    [{ name: 'x', base: 'umlinux', spec: { protection: { ...fragment, alphabet: ['guest.teleport'] } } }, "'spec.protection.alphabet[0]' must be a spec event type"],
    [{ name: 'x', base: 'umlinux', allowList: [], costClaims: {} }, "'costClaims' must be an array of claims { says, measure, atMost?, per?, noMoreThan? }, got an object"],
    [{ name: 'x', base: 'umlinux', allowList: [], costClaims: [{ says: 'fast', measure: 'host switches', atMost: 0 }] }, "'costClaims[0].measure' must be a function of the run or one of 'host context switches',"],
    [{ name: 'x', base: 'umlinux', allowList: [], costClaims: [{ says: 'fast', measure: 'ptrace stops' }] }, "'costClaims[0]' must give a bound: 'atMost' (a number) or 'noMoreThan' (a variant)"],
    [{ name: 'x', base: 'umlinux', allowList: [], costClaims: [{ says: 'fast', measure: 'ptrace stops', atMost: -1 }] }, "'costClaims[0].atMost' must be a number, 0 or more, got number -1"],
    [{ name: 'x', base: 'umlinux', allowList: [], costClaims: [{ says: 'fast', measure: 'ptrace stops', per: 'guest.syscall', noMoreThan: 'umlinux' }] }, "'costClaims[0].per' scales 'atMost': give 'atMost' too"],
    [{ name: 'x', base: 'umlinux', allowList: [], costClaims: [{ says: 'fast', measure: 'ptrace stops', noMoreThan: 'vmware' }] }, "'costClaims[0].noMoreThan': unknown variant 'vmware'"],
    [{ name: 'x', base: 'umlinux', allowList: [], costClaims: [{ says: 'fast', measure: 'ptrace stops', atMost: 0, pre: 'guest.syscall' }] }, "unknown key 'pre' in 'costClaims[0]' (did you mean 'per'?;"],
    [{ name: 'x', base: 'umlinux', spec: { cpu: fragment } }, "unknown key 'cpu' in 'spec' (known: mediation, protection, addressSpaces)"],
  ] as const).map(([definition, error]) => [error, definition] as const))('%s', (error, definition) => {
    const built = buildPlugin(definition);
    expect(built.ok).toBe(false);
    if (!built.ok) {
      expect(built.error.startsWith(error)).toBe(true);
      expect(built.error).not.toContain('\n');
    }
  });

  it('composes the parts and the spec of a good definition', () => {
    const built = buildPlugin({
      name: 'good', base: '+multi-as', protection: (standard: typeof mprotect) => ({ ...standard, name: 'wrapped' }),
      spec: { addressSpaces: fragment, protection: STANDARD_SPECS.protection['segment-bounds'] },
    });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const { plugin } = built;
    expect(plugin.components.map((c) => c.name)).toEqual(['guest-cpu', 'mediation/kernel-module', 'protection/segment-bounds', 'address-spaces/good']);
    expect(plugin.components[2]).toBe(STANDARD_SPECS.protection['segment-bounds']);
    expect(plugin.fragments).toEqual(['address-spaces/good']);
    expect(plugin.standardSpecs).toEqual(['protection/segment-bounds']);
    expect(plugin.replaces).toEqual(['protection']);
    expect(plugin.choiceNames).toEqual({ protection: 'wrapped' });
    expect(plugin.parts().protection.name).toBe('segment-bounds');
    expect(claimsVariant(plugin)).toEqual({ mediation: 'kernel-module', protection: 'mprotect', addressSpaces: 'multi-as' });
    expect(keptClaims(plugin)).toEqual(['kernel-module', 'multi-as']);
  });

  it('a hand-built plug-in whose replaced axis has no machine named is refused by pluginSubject too', () => {
    const built = buildPlugin({ name: 'hand', base: 'umlinux', protection: { ...mprotect, name: 'p' }, spec: { protection: STANDARD_SPECS.protection.mprotect } });
    if (!built.ok) throw new Error(built.error);
    const handBuilt = { ...built.plugin, standardSpecs: [] };
    expect(() => pluginSubject(handBuilt, 'hand.ts')).toThrow(/^plug-in hand: 'protection' is replaced but 'spec.protection' is not given/);
    expect(pluginSubject(built.plugin, 'hand.ts').spec.components.map((c) => c.name)).toContain('protection/mprotect');
  });
});
