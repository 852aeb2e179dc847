/**
 * Mistakes in how a run writes its trace (issue 24, pinned properties): the
 * machine does the right thing, but the record of it is out of order or
 * written at the wrong moment. A trace whose order is wrong is conformance's
 * to catch; one in the right order, written when the machine is no longer in
 * the state the event claims, is refinement's.
 */
import type { SpecEvent } from '../spec/types.ts';
import type { TraceSink } from './trace.ts';

/** A trace-writing mistake of one run (default none). */
export interface TraceBugs {
  /** Events of this type are written after the next event, not before it (the order is wrong). */
  readonly swappedWithNext?: SpecEvent['type'];
  /** Events of this type are buffered and written just before the next event (the order is right, the moment is not). */
  readonly flushedLate?: SpecEvent['type'];
}

/** `sink`, writing through the mistake of `bugs` (an event still held when the run ends is never written). */
export function sinkWithTraceBugs(sink: TraceSink, bugs: TraceBugs): TraceSink {
  let held: SpecEvent | undefined;
  return {
    on: sink.on,
    emit(event: SpecEvent): void {
      const pending = held;
      held = undefined;
      if (event.type === bugs.swappedWithNext && pending === undefined) {
        held = event;
        return;
      }
      if (event.type === bugs.flushedLate) {
        if (pending !== undefined) sink.emit(pending);
        held = event;
        return;
      }
      if (bugs.flushedLate !== undefined && pending !== undefined) sink.emit(pending);
      sink.emit(event);
      if (bugs.swappedWithNext !== undefined && pending !== undefined) sink.emit(pending);
    },
  };
}
