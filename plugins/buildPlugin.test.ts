/**
 * Shape checks of plug-in definitions: each mistake gets one line naming the
 * field; a good definition composes its parts and its spec (the guest CPU,
 * its fragments, the base's other machines).
 */
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { PROTECTION_STRATEGIES } from '../impl/index.ts';
import { buildPlugin } from './buildPlugin.ts';
import { claimsVariant, keptClaims } from './pluginSubject.ts';

const mprotect = PROTECTION_STRATEGIES.mprotect;
const fragment = { machine: setup({}).createMachine({ id: 'f', initial: 'a', states: { a: { on: { 'guest.switch': 'a' } } } }), alphabet: ['guest.switch'] };

describe('buildPlugin', () => {
  it.each([
    [42, 'a plug-in must be an object (defineVariant({ name, base, … })), got number 42'],
    [{ name: 'x', base: 'umlinux', protocol: 1 }, "unknown field 'protocol' (known: name, description, base, mediation, protection, addressSpaces, allowList, spec)"],
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
    [{ name: 'x', base: 'umlinux', spec: { cpu: fragment } }, "unknown field 'spec.cpu' (known: mediation, protection, addressSpaces)"],
  ])('%j → %s', (definition, error) => {
    const built = buildPlugin(definition);
    expect(built.ok).toBe(false);
    if (!built.ok) {
      expect(built.error.startsWith(error)).toBe(true);
      expect(built.error).not.toContain('\n');
    }
  });

  it('composes the parts and the spec of a good definition', () => {
    const built = buildPlugin({
      name: 'good', base: '+multi-as', protection: (standard: typeof mprotect) => ({ ...standard, name: 'wrapped' }), spec: { addressSpaces: fragment },
    });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const { plugin } = built;
    expect(plugin.components.map((c) => c.name)).toEqual(['guest-cpu', 'mediation/kernel-module', 'protection/segment-bounds', 'address-spaces/good']);
    expect(plugin.replaces).toEqual(['protection']);
    expect(plugin.choiceNames).toEqual({ protection: 'wrapped' });
    expect(plugin.parts().protection.name).toBe('segment-bounds');
    expect(claimsVariant(plugin)).toEqual({ mediation: 'kernel-module', protection: 'mprotect', addressSpaces: 'multi-as' });
    expect(keptClaims(plugin)).toEqual(['kernel-module', 'multi-as']);
  });
});
