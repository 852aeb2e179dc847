/**
 * The ideal machine follows the emulator's recorded schedule only where its
 * own state allows the decision; a decision it cannot follow is reported.
 */
import { describe, expect, it } from 'vitest';
import { illegalPick, RecordedSchedule } from './idealSchedule.ts';

const view = (ready: number[], runningAndReady?: number, switchAsked = false) => ({ ready, runningAndReady, switchAsked });

describe('a recorded scheduling decision', () => {
  it('may pick any ready process when a switch was asked, or nothing when none is ready', () => {
    expect(illegalPick(2, view([1, 2], 1, true))).toBeUndefined();
    expect(illegalPick(1, view([1, 2], 1, true))).toBeUndefined();
    expect(illegalPick(0, view([]))).toBeUndefined();
    expect(illegalPick(3, view([1, 3]))).toBeUndefined();
  });

  it('may not pick a process that is not ready, nor idle while one is, nor switch unasked', () => {
    expect(illegalPick(2, view([1]))).toMatch(/ran process 2, which is not ready/);
    expect(illegalPick(0, view([1, 2]))).toMatch(/ran nothing while 1, 2 were ready/);
    expect(illegalPick(2, view([1, 2], 1, false))).toMatch(/switched from process 1 to 2/);
  });

  it('is reported when the record runs out, and counts what was left unfollowed', () => {
    const schedule = new RecordedSchedule([1, 2]);
    expect(schedule.take(view([1]))).toBe(1);
    expect(schedule.left).toBe(1);
    expect(schedule.take(view([1, 2], 1))).toBeUndefined();
    expect(schedule.problem).toMatch(/decision #1: .*switched from process 1 to 2/);
    expect(new RecordedSchedule([]).take(view([1]))).toBeUndefined();
  });
});
