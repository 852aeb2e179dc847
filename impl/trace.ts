/**
 * The trace sink of a run. Emission sites test `sink.on` before building an
 * event object, so a run without tracing allocates nothing for the trace.
 */
import type { SpecEvent } from '../spec/types.ts';

/** Where events go. */
export interface TraceSink {
  /** True when events are being recorded; check it before building an event. */
  readonly on: boolean;
  emit(event: SpecEvent): void;
}

/** A sink that records every event in order. */
export class RecordingSink implements TraceSink {
  readonly on = true;
  readonly events: SpecEvent[] = [];
  /** Called after each event is recorded (the refinement mapping looks at the machine then). */
  afterEmit: ((event: SpecEvent) => void) | undefined = undefined;
  emit(event: SpecEvent): void {
    this.events.push(event);
    this.afterEmit?.(event);
  }
}

/** The sink of an untraced run. */
export const NO_TRACE: TraceSink = { on: false, emit: () => undefined };
