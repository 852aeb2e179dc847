/** The pieces of a divergence's `expected:` list and reason lines that the transcripts do not pin down alone. */
import { describe, expect, it } from 'vitest';
import type { SpecEvent } from '../../spec/index.ts';
import { variationsOf } from './expectedEvents.ts';
import { withLine } from './traceChecker.ts';

describe('variationsOf', () => {
  it("puts the refused event's values into fields of the same kind, under either name", () => {
    const refused: SpecEvent = { type: 'vmm.allow', nr: 'pipe' };
    const out = variationsOf([{ type: 'vmm.rewrite', from: 'getpid', to: 'getpid' }, { type: 'vmm.deny', nr: 'write' }, { type: 'guest.idle' }], refused);
    expect(out).toEqual([{ type: 'vmm.rewrite', from: 'pipe', to: 'getpid' }, { type: 'vmm.deny', nr: 'pipe' }]);
  });
});

describe('withLine', () => {
  it('says since which line a state holds', () => {
    expect(withLine('but the current process is 2', 41)).toBe('but the current process is 2 since line 41');
  });

  it('keeps the line apart from a reason that has a "since" of its own', () => {
    expect(withLine('without its fp registers written since it stopped', 6)).toBe('without its fp registers written since it stopped (that data last changed on line 6)');
  });
});
