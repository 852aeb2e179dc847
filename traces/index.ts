/**
 * The public surface of traces/: the trace format (io-ts codecs), streaming
 * reading and writing of NDJSON trace files, and the conformance checker that
 * steps the spec of a trace's variant over it.
 */
export { TRACE_FORMAT, TRACE_FORMAT_VERSION, traceHeaderCodec, type TraceHeader } from './format/headerCodec.ts';
export { specEventCodec, EVENT_CODECS, type DecodedEvent, type EventCodecMatchesSpec } from './format/eventCodec.ts';
export { EVENT_FIELDS, EVENT_KINDS, layerOf } from './format/eventFields.ts';
export { traceRecordCodec, toRecord, toEvent, type TraceRecord } from './format/recordCodec.ts';
export { firstFailure, formatFailure, type DecodeFailure } from './format/decodeFailure.ts';
export { lineBatches, fileLineBatches, MAX_LINE_CHARS } from './io/lineBatches.ts';
export { parseHeaderLine, parseRecordLine, type HeaderLine } from './io/parseLine.ts';
export { type Malformed, type MalformedCode } from './io/malformed.ts';
export { formatHeaderLine, formatEventLine, traceLines, writeTrace, type EncodeResult, type WriteResult } from './io/traceWriter.ts';
export { readTrace, readTraceLines, type TraceItem } from './io/readTrace.ts';
export { errorCode } from './io/errorCode.ts';
export {
  tableStepper, specStateOf, rejectionOf, acceptedBySpec, ACCEPTED, NO_LISTENER, UNKNOWN_SYMBOL, type TableStepper,
} from './check/tableStepper.ts';
export { traceChecker, CONTEXT_BEFORE, CONTEXT_AFTER, type CheckOptions, type TraceChecker } from './check/traceChecker.ts';
export { conformFile, conformLines, conformBatches } from './check/conformTrace.ts';
export { exitCodeOf, type Verdict, type Conforms, type Diverges, type Unreadable, type DivergenceCode, type ContextLine } from './check/verdict.ts';
export { formatVerdict, formatSummary, summarize, type FileVerdict, type Summary } from './check/formatVerdict.ts';
