import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { composeSpec, GUEST_CPU, PRESETS, specOf, type SpecEvent } from '../spec/index.ts';
import { specFaithful } from './specFaithful.ts';
import { variantSubject } from './subject.ts';

/**
 * A fragment whose update reads more than `context` and `event` (XState also
 * hands an assignment the actor, `self`): the tables, which run the update on
 * its own, compute other data than XState does, and the check must see it.
 */
const actorReadingMachine = setup({
  types: { events: {} as SpecEvent, context: {} as { readonly returns: number } },
  actions: { count: assign((args: { context: { readonly returns: number } }) => ({ returns: 'self' in args ? args.context.returns + 1 : args.context.returns })) },
}).createMachine({
  id: 'actor-reader',
  initial: 'any',
  context: { returns: 0 },
  states: { any: { on: { 'guest.return': { target: 'any', actions: 'count' } } } },
});

describe('spec-faithful', () => {
  it('holds for the standard specs', () => {
    const verdict = specFaithful.check({ subject: variantSubject(PRESETS.umlinux), runs: 300, seed: 1 });
    expect(verdict.ok).toBe(true);
    if (verdict.ok) expect(verdict.runs).toBeGreaterThan(10_000);
  });

  it('catches a spec fragment whose update reads more than its context and event', () => {
    const spec = composeSpec('unfaithful', [GUEST_CPU, { name: 'address-spaces/actor-reader', axis: 'address-spaces', machine: actorReadingMachine, alphabet: ['guest.return'] }]);
    const verdict = specFaithful.check({ subject: { name: 'unfaithful', variant: PRESETS.umlinux, spec }, runs: 300, seed: 1 });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.error).toMatch(/the compiled tables give \["any",\{"returns":0\}\] but XState gives \["any",\{"returns":1\}\]/);
    expect(specOf(PRESETS.umlinux).components.map((c) => c.name)).toContain('guest-cpu');
  });
});
