/**
 * A check's own time: wall time minus the emulator runs it did, plus what
 * every run it used cost, remembered or not.
 */
import { describe, expect, it } from 'vitest';
import { ownMs } from './checkJobs.ts';

describe('ownMs', () => {
  it('adds the cost of runs reused from an earlier check', () => {
    // 5 ms of judging, no run of its own, 300 ms of runs another property did first.
    expect(ownMs(5, { spent: 1000, charged: 1000 }, { spent: 1000, charged: 1300 })).toBe(305);
  });

  it('is the wall time when every run was its own', () => {
    expect(ownMs(420, { spent: 0, charged: 0 }, { spent: 400, charged: 400 })).toBe(420);
  });
});
