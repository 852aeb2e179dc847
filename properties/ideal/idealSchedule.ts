/**
 * The ideal machine has no scheduler (issue 24): it follows the decisions
 * the emulator's guest kernel recorded (RunResult.schedule: the pid picked
 * each time, 0 for none). It only judges whether each decision is one its
 * own state allows: the process picked is ready; the CPU idles only when none
 * is; a process that is running and ready keeps the CPU unless a timer
 * interrupt or a yield asked for a switch. A decision it cannot follow is a
 * difference the equivalence property reports.
 */

/** What the ideal machine's state allows at a decision. */
export interface ScheduleView {
  /** Pids of the processes ready to run, ascending. */
  readonly ready: readonly number[];
  /** The process that ran before this kernel entry, if it is still ready. */
  readonly runningAndReady: number | undefined;
  /** True when a timer interrupt or a yield asked for a switch since the last decision. */
  readonly switchAsked: boolean;
}

/** Why `pick` (undefined: no decision left) is not one the ideal machine can follow, or undefined when it is. */
export function illegalPick(pick: number | undefined, view: ScheduleView): string | undefined {
  if (pick === undefined) return 'the recorded schedule ended while the ideal machine still had to pick';
  if (pick === 0) return view.ready.length === 0 ? undefined : `the emulator ran nothing while ${view.ready.join(', ')} were ready`;
  if (!view.ready.includes(pick)) return `the emulator ran process ${pick}, which is not ready here (ready: ${view.ready.join(', ') || 'none'})`;
  const kept = view.runningAndReady;
  if (kept !== undefined && !view.switchAsked && pick !== kept) return `the emulator switched from process ${kept} to ${pick} with neither a timer interrupt nor a yield`;
  return undefined;
}

/** A recorded schedule being followed. */
export class RecordedSchedule {
  private next = 0;
  /** The first decision the ideal machine could not follow. */
  problem: string | undefined = undefined;

  constructor(private readonly picks: readonly number[]) {}

  /** The next decision, or undefined (with `problem` set) when it cannot be followed. */
  take(view: ScheduleView): number | undefined {
    const pick = this.picks[this.next];
    const problem = illegalPick(pick, view);
    if (problem !== undefined) {
      this.problem = `decision #${this.next}: ${problem}`;
      return undefined;
    }
    this.next++;
    return pick;
  }

  /** Decisions recorded but not followed (the emulator ran on past where the ideal machine stopped). */
  get left(): number {
    return this.picks.length - this.next;
  }
}
