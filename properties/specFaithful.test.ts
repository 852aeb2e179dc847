import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { composeSpec, GUEST_CPU, PRESETS, specOf, type SpecEvent } from '../spec/index.ts';
import { specFaithful } from './specFaithful.ts';
import { variantSubject } from './subject.ts';

/** A fragment whose guard reads the pid: the compiled table (built from a pid-1 representative) cannot see that. */
const pidReadingMachine = setup({ types: { events: {} as SpecEvent } }).createMachine({
  id: 'pid-reader',
  initial: 'any',
  states: { any: { on: { 'guest.return': { guard: ({ event }) => event.type === 'guest.return' && event.pid === 1, target: 'any' } } } },
});

describe('spec-faithful', () => {
  it('holds for the standard specs', () => {
    const verdict = specFaithful.check({ subject: variantSubject(PRESETS.umlinux), runs: 300, seed: 1 });
    expect(verdict.ok).toBe(true);
  });

  it('catches a spec fragment whose guard reads more than the symbol', () => {
    const spec = composeSpec('unfaithful', [GUEST_CPU, { name: 'address-spaces/pid-reader', axis: 'address-spaces', machine: pidReadingMachine, alphabet: ['guest.return'] }]);
    const verdict = specFaithful.check({ subject: { name: 'unfaithful', variant: PRESETS.umlinux, spec }, runs: 300, seed: 1 });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.error).toMatch(/address-spaces\/pid-reader in any: the table goes to any but XState rejects/);
    expect(specOf(PRESETS.umlinux).components.map((c) => c.name)).toContain('guest-cpu');
  });
});
