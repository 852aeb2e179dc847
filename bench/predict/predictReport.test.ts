/** The report names every call the emulator lacks, with its count and the price it was given. */
import { describe, expect, it } from 'vitest';
import { unmodelledLine } from './predictReport.ts';

describe('unmodelledLine', () => {
  it('lists the calls most frequent first, with the null-syscall price', () => {
    expect(unmodelledLine({ close: 87, newfstatat: 181, openat: 92 }, 105.3)).toBe(
      '  calls the emulator lacks, 360 in all, each priced as a null syscall (getpid, 105 ns): newfstatat 181, openat 92, close 87',
    );
    expect(unmodelledLine({}, 105)).toBeNull();
  });
});
