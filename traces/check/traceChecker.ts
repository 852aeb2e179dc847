/**
 * The conformance checker over the lines of one trace: decodes the header,
 * picks the spec of its variant, then decodes each event line and steps the
 * compiled tables in place. It is fed line by line (so it never holds the
 * trace) and settles on the first malformed line or divergence, keeping a few
 * lines around it for the report.
 */
import { briefEvent, describeState, isHalted, specOf, variantName, type SpecEvent, type Variant, type VariantSpec, type Why } from '../../spec/index.ts';
import { accessesRecorded, startOf } from '../format/headerCodec.ts';
import { startEventsOf } from './declaredStart.ts';
import { toEvent } from '../format/recordCodec.ts';
import { malformed } from '../io/malformed.ts';
import { isJsonObject } from '../format/closedRecord.ts';
import { recordCodecsOf, type FormatVersion } from '../format/recordCodec.ts';
import { MAX_LINE_CHARS } from '../io/lineBatches.ts';
import { duplicateKeyIn, keyCountMismatch, notJson, parseHeaderLine, recordFailure } from '../io/parseLine.ts';
import { fieldLines, type FieldLines } from './fieldLines.ts';
import { expectedEvents, type Refusal } from './expectedEvents.ts';
import { ACCEPTED, rejectionOf, specStateOf, tableStepper, type TableStepper } from './tableStepper.ts';
import type { ContextLine, DivergenceCode, Diverges, Verdict } from './verdict.ts';

/** Lines shown before the offending one. */
export const CONTEXT_BEFORE = 3;
/** Lines shown after it. */
export const CONTEXT_AFTER = 2;

/** How to check. */
export interface CheckOptions {
  /** Check against this variant instead of the header's. */
  readonly variant?: Variant | undefined;
  /** Check against this spec (a plug-in's, say) instead of the header's variant's; `variant` names its base. */
  readonly spec?: VariantSpec | undefined;
}

/** A checker being fed the lines of one trace. */
export interface TraceChecker {
  /** Feeds the next line (without its line end). False once no more lines are needed. */
  feed(text: string): boolean;
  /** The verdict, taking the lines fed so far as the whole trace. */
  finish(): Verdict;
}

const RING = CONTEXT_BEFORE + 1;

/** What the expected list is about: the refusing machine (by index, if it is one), its reasons' data fields and the event. */
const refusalOf = (s: TableStepper, machine: string, event: SpecEvent, reasons: readonly Why[]): Refusal => {
  const m = s.spec.machines.findIndex((candidate) => candidate.name === machine);
  return { machine: m < 0 ? undefined : m, fields: reasons.flatMap((why) => (why.field === undefined ? [] : [why.field])), event };
};

/**
 * A reason with the line its data last changed on: "the current process is 2
 * since line 41"; a reason that already says "since" (a span of its own: "…
 * written since it stopped") gets the line apart, so the two do not read as one.
 */
export const withLine = (text: string, line: number): string => (/\bsince\b/.test(text) ? `${text} (that data last changed on line ${line})` : `${text} since line ${line}`);

/** What a version-1 trace cannot show, said once per file. */
export const VERSION_1_NOTE =
  'format version 1: process creation and exit, access modes and the file pages behind mappings are not recorded; '
  + 'the relations that need them are skipped (a switch to a pid never seen is taken as a new process)';

/** A fresh checker. */
export function traceChecker(options: CheckOptions = {}): TraceChecker {
  let line = 0;
  let seq = 1;
  let stepper: TableStepper | undefined;
  let variant = '';
  let complete = false;
  let version: FormatVersion = 2;
  let kinds = recordCodecsOf(2);
  let since: FieldLines = fieldLines(0);
  let previous: unknown[] = [];
  let settled: Verdict | undefined;
  let pending: Diverges | undefined;
  const after: ContextLine[] = [];
  const recent: string[] = new Array<string>(RING).fill('');

  const before = (): ContextLine[] => {
    const lines: ContextLine[] = [];
    for (let n = Math.max(1, line - CONTEXT_BEFORE); n <= line; n++) lines.push({ line: n, text: recent[n % RING]! });
    return lines;
  };

  const notes = (): readonly string[] => (version === 1 ? [VERSION_1_NOTE] : []);

  const diverge = (code: DivergenceCode, event: SpecEvent | null, machine: string, state: string, refusal: Refusal, message: string): boolean => {
    const s = stepper!;
    const expected = expectedEvents(specStateOf(s), refusal);
    pending = {
      kind: 'diverges', code, variant, line, event, machine, state, expected: expected.events, tried: expected.tried, states: describeState(specStateOf(s)), message,
      context: before(), notes: notes(),
    };
    return CONTEXT_AFTER > 0;
  };

  const header = (text: string): boolean => {
    const parsed = parseHeaderLine(text, options.variant);
    if (parsed.kind === 'malformed') {
      settled = parsed;
      return false;
    }
    version = parsed.header.version;
    kinds = recordCodecsOf(version);
    stepper = tableStepper(options.spec ?? specOf(parsed.variant), undefined, { version, accesses: accessesRecorded(parsed.header) });
    since = fieldLines(stepper.spec.machines.length);
    previous = [...stepper.contexts];
    variant = options.spec?.name ?? variantName(parsed.variant);
    complete = parsed.header.complete;
    const declared = startOf(parsed.header);
    if (declared === null) return true;
    const start = startEventsOf(declared, parsed.variant);
    if (!start.ok) {
      settled = malformed('bad-header', 1, start.path, start.error);
      return false;
    }
    return takeStart(start.events);
  };

  // The declared start is the run's prefix the trace leaves out: the spec takes it before line 2, and a start the
  // spec cannot reach diverges on line 1.
  const takeStart = (events: readonly SpecEvent[]): boolean => {
    const s = stepper!;
    for (const event of events) {
      const outcome = s.step(event);
      if (outcome !== ACCEPTED) {
        const rejection = rejectionOf(s, event, outcome);
        const reasons = rejection.reasons.map((why) => why.text).join('; ');
        return diverge('spec-rejects', event, rejection.machine, rejection.state, refusalOf(s, rejection.machine, event, rejection.reasons),
          `the declared start is not a state of the spec: ${reasons === '' ? `${rejection.machine} in state ${rejection.state} refuses ${briefEvent(event)}` : reasons}`);
      }
    }
    since.note(1, previous, s.contexts);
    previous = [...s.contexts];
    return true;
  };

  const feed = (text: string): boolean => {
    line++;
    if (pending !== undefined) {
      after.push({ line, text });
      return after.length < CONTEXT_AFTER;
    }
    if (settled !== undefined) return false;
    recent[line % RING] = text;
    if (line === 1) return header(text);
    let value: unknown;
    try {
      value = text.length > MAX_LINE_CHARS ? undefined : JSON.parse(text);
    } catch (error) {
      settled = notJson(text, line, error);
      return false;
    }
    if (value === undefined) {
      settled = notJson(text, line, undefined);
      return false;
    }
    const kind = isJsonObject(value) && typeof value['type'] === 'string' ? kinds.get(value['type']) : undefined;
    if (kind === undefined || !kind.is(value)) {
      settled = recordFailure(value, line, version);
      return false;
    }
    if (keyCountMismatch(text, value)) {
      settled = duplicateKeyIn(text, line);
      return false;
    }
    const record = value;
    const s = stepper!;
    if (record.seq !== seq) {
      const event = toEvent(record);
      const expected: Refusal = { machine: undefined, fields: [], event };
      return record.seq > seq
        ? diverge('seq-gap', event, 'trace', `awaiting seq ${seq}`, expected, `seq jumps from ${seq - 1} to ${record.seq}: ${record.seq - seq} event(s) missing`)
        : diverge('seq-repeat', event, 'trace', `awaiting seq ${seq}`, expected, `seq ${record.seq} repeats or goes back (expected ${seq}): an event is duplicated or out of order`);
    }
    seq++;
    const outcome = s.step(record);
    if (outcome === ACCEPTED) {
      // fieldLines compares per machine; only a step that replaced some context needs it.
      if (s.contexts.some((context, m) => context !== previous[m])) {
        since.note(line, previous, s.contexts);
        previous = [...s.contexts];
      }
      return true;
    }
    const rejection = rejectionOf(s, toEvent(record), outcome);
    const m = s.spec.machines.findIndex((machine) => machine.name === rejection.machine);
    const reasons = rejection.reasons.map((why) => {
      const at = why.field === undefined ? undefined : since.lineOf(m, why.field);
      return at === undefined ? why.text : withLine(why.text, at);
    });
    const what = `${rejection.machine} in state ${rejection.state} refuses ${briefEvent(rejection.event)}`;
    return diverge('spec-rejects', rejection.event, rejection.machine, rejection.state, refusalOf(s, rejection.machine, rejection.event, rejection.reasons),
      reasons.length === 0 ? what : `${reasons.join('; ')} (${what})`);
  };

  const finish = (): Verdict => {
    if (pending !== undefined) return { ...pending, context: [...pending.context, ...after] };
    if (settled !== undefined) return settled;
    if (line === 0 || stepper === undefined) return malformed('empty-file', 1, '$', 'empty file: expected a header on line 1');
    const final = specStateOf(stepper);
    const states = describeState(final);
    const events = seq - 1;
    if (!complete || isHalted(final)) return { kind: 'conforms', variant, events, complete, states, notes: notes() };
    const machine = stepper.spec.machines[0]!;
    const state = states[machine.name] ?? '?';
    const expected = expectedEvents(final, { machine: undefined, fields: [], event: null });
    const incomplete: Diverges = {
      kind: 'diverges', code: 'incomplete', variant, line, event: null, machine: machine.name, state, expected: expected.events, tried: expected.tried, states,
      message: `the header says complete, but the trace ends after ${events} events with the guest not halted (${machine.name} in state ${state})`,
      context: before(),
      notes: notes(),
    };
    return incomplete;
  };

  return { feed, finish };
}
