/**
 * Cost-only mutants (issue 12): isolation, equivalence and conformance hold,
 * and only the cost claims, checked per guest switch, can tell.
 */
import { GUEST_USER_PAGES, PRESETS } from '../../spec/index.ts';
import { withAddressSpaceCalls, type Mutant } from './mutant.ts';

const emptyUserRegion = { kind: 'range', start: 0, pages: GUEST_USER_PAGES, prot: 'none', filePage: 0 } as const;

/** Mistakes that cost host work only. */
export const COST_MUTANTS: readonly Mutant[] = [
  {
    name: 'multi-as-empties-every-switch',
    mistake: 'multi-as empties the next definition of user pages on every guest switch, as remap would',
    base: PRESETS['+multi-as'],
    parts: withAddressSpaceCalls((calls) => ({
      call: (nr, args) => {
        const result = calls.call(nr, args);
        if (nr === 'switch-guest') calls.call('munmap', emptyUserRegion);
        return nr === 'munmap' ? 0 : result;
      },
    })),
    meantFor: 'cost-claims',
    visibleInTrace: false,
  },
  {
    name: 'multi-as-empties-twice',
    mistake: 'multi-as empties a new or reused definition twice',
    base: PRESETS['+multi-as'],
    parts: withAddressSpaceCalls((calls) => ({
      call: (nr, args) => (nr === 'munmap' ? (calls.call(nr, args), calls.call(nr, args)) : calls.call(nr, args)),
    })),
    meantFor: 'cost-claims',
    visibleInTrace: false,
  },
];
