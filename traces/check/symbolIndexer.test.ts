import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPRESENTATIVES, symbolOf } from '../../spec/index.ts';
import { SYMBOL_INDEX } from '../../spec/compile.ts';
import { specEventArbitrary } from '../internal/eventArbitrary.ts';
import { propertySeed as testSeed } from '../../properties/seed.ts';
import { symbolIndexer } from './symbolIndexer.ts';

describe('symbolIndexer', () => {
  it("gives every event the number of spec/alphabet.ts's symbol, memo tables and all", () => {
    fc.assert(
      fc.property(fc.array(specEventArbitrary, { minLength: 1, maxLength: 60 }), (events) => {
        const index = symbolIndexer();
        for (const event of [...events, ...Object.values(REPRESENTATIVES).flat(), ...events]) {
          expect(index(event), symbolOf(event)).toBe(SYMBOL_INDEX.get(symbolOf(event)) ?? -1);
        }
      }),
      { seed: testSeed(), numRuns: 200 },
    );
  });
});
