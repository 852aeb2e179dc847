/**
 * The conformance checker over the lines of one trace: decodes the header,
 * picks the spec of its variant, then decodes each event line and steps the
 * compiled tables in place. It is fed line by line (so it never holds the
 * trace) and settles on the first malformed line or divergence, keeping a few
 * lines around it for the report.
 */
import { describeState, specOf, variantName, type SpecEvent, type Variant } from '../../spec/index.ts';
import { toEvent } from '../format/recordCodec.ts';
import { malformed } from '../io/malformed.ts';
import { isJsonObject } from '../format/closedRecord.ts';
import { RECORD_CODECS, type TraceRecord } from '../format/recordCodec.ts';
import { MAX_LINE_CHARS } from '../io/lineBatches.ts';
import { notJson, parseHeaderLine, recordFailure } from '../io/parseLine.ts';
import { kindIndexers } from './symbolIndexer.ts';
import { acceptedBySpec, ACCEPTED, firstListener, rejectionOf, specStateOf, tableStepper, type TableStepper } from './tableStepper.ts';
import type { ContextLine, DivergenceCode, Diverges, Verdict } from './verdict.ts';

/** Lines shown before the offending one. */
export const CONTEXT_BEFORE = 3;
/** Lines shown after it. */
export const CONTEXT_AFTER = 2;

/** How to check. */
export interface CheckOptions {
  /** Check against this variant instead of the header's. */
  readonly variant?: Variant | undefined;
}

/** A checker being fed the lines of one trace. */
export interface TraceChecker {
  /** Feeds the next line (without its line end). False once no more lines are needed. */
  feed(text: string): boolean;
  /** The verdict, taking the lines fed so far as the whole trace. */
  finish(): Verdict;
}

const RING = CONTEXT_BEFORE + 1;

/** Per event kind: its line codec and its symbol-number function. One map lookup per line finds both. */
interface KindHandler {
  readonly record: { readonly is: (u: unknown) => u is TraceRecord };
  readonly index: (event: SpecEvent) => number;
}

function kindHandlers(): ReadonlyMap<string, KindHandler> {
  const indexers = kindIndexers();
  return new Map([...RECORD_CODECS].map(([type, record]) => [type, { record, index: indexers.get(type)! }]));
}

/** A fresh checker. */
export function traceChecker(options: CheckOptions = {}): TraceChecker {
  let line = 0;
  let seq = 1;
  let stepper: TableStepper | undefined;
  let variant = '';
  let complete = false;
  let settled: Verdict | undefined;
  let pending: Diverges | undefined;
  const after: ContextLine[] = [];
  const recent: string[] = new Array<string>(RING).fill('');
  const kinds = kindHandlers();

  const before = (): ContextLine[] => {
    const lines: ContextLine[] = [];
    for (let n = Math.max(1, line - CONTEXT_BEFORE); n <= line; n++) lines.push({ line: n, text: recent[n % RING]! });
    return lines;
  };

  const diverge = (code: DivergenceCode, event: SpecEvent | null, machine: string, state: string, expected: readonly string[], message: string): boolean => {
    const s = stepper!;
    pending = { kind: 'diverges', code, variant, line, event, machine, state, expected, states: describeState(specStateOf(s)), message, context: before() };
    return CONTEXT_AFTER > 0;
  };

  const header = (text: string): boolean => {
    const parsed = parseHeaderLine(text, options.variant);
    if (parsed.kind === 'malformed') {
      settled = parsed;
      return false;
    }
    stepper = tableStepper(specOf(parsed.variant));
    variant = variantName(parsed.variant);
    complete = parsed.header.complete;
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
    if (kind === undefined || !kind.record.is(value)) {
      settled = recordFailure(value, line);
      return false;
    }
    const record = value;
    const s = stepper!;
    if (record.seq !== seq) {
      const event = toEvent(record);
      const expected = acceptedBySpec(s);
      return record.seq > seq
        ? diverge('seq-gap', event, 'trace', `awaiting seq ${seq}`, expected, `seq jumps from ${seq - 1} to ${record.seq}: ${record.seq - seq} event(s) missing`)
        : diverge('seq-repeat', event, 'trace', `awaiting seq ${seq}`, expected, `seq ${record.seq} repeats or goes back (expected ${seq}): an event is duplicated or out of order`);
    }
    seq++;
    const outcome = s.step(kind.index(record));
    if (outcome === ACCEPTED) return true;
    const rejection = rejectionOf(s, toEvent(record), outcome);
    return diverge('spec-rejects', rejection.event, rejection.machine, rejection.state, rejection.expected,
      `${rejection.machine} in state ${rejection.state} refuses ${rejection.symbol}`);
  };

  const finish = (): Verdict => {
    if (pending !== undefined) return { ...pending, context: [...pending.context, ...after] };
    if (settled !== undefined) return settled;
    if (line === 0 || stepper === undefined) return malformed('empty-file', 1, '$', 'empty file: expected a header on line 1');
    const states = describeState(specStateOf(stepper));
    const events = seq - 1;
    const expected = complete ? acceptedBySpec(stepper) : [];
    if (expected.length === 0) return { kind: 'conforms', variant, events, complete, states };
    const machine = stepper.spec.machines[firstListener(stepper, expected)]!;
    const state = states[machine.name] ?? '?';
    const incomplete: Diverges = {
      kind: 'diverges', code: 'incomplete', variant, line, event: null, machine: machine.name, state, expected, states,
      message: `the header says complete, but the trace ends after ${events} events where the spec still accepts events (the guest has not halted)`,
      context: before(),
    };
    return incomplete;
  };

  return { feed, finish };
}
