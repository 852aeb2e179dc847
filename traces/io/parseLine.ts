/**
 * Decoding of single trace lines at the I/O edge: `unknown` from JSON.parse
 * through the io-ts codecs. A success returns the decoded value itself (no
 * wrapper, so the checker's hot loop allocates nothing extra); a failure
 * returns a `Malformed` naming the line, the JSON path and what was expected.
 */
import type { Variant } from '../../spec/index.ts';
import { parseVariant } from '../../spec/index.ts';
import { firstFailure } from '../format/decodeFailure.ts';
import { traceHeaderCodec, type TraceHeader } from '../format/headerCodec.ts';
import { traceRecordCodec, type TraceRecord } from '../format/recordCodec.ts';
import { MAX_LINE_CHARS } from './lineBatches.ts';
import { malformed, type Malformed } from './malformed.ts';

/** Why `text` (line `line`) is not one JSON value: call when `JSON.parse` threw `error` or the line is too long. */
export function notJson(text: string, line: number, error: unknown): Malformed {
  if (text.length === 0) return malformed('empty-line', line, '$', 'empty line (only one final line end is allowed)');
  if (text.length > MAX_LINE_CHARS) return malformed('line-too-long', line, '$', `line longer than ${MAX_LINE_CHARS} characters`);
  return malformed('not-json', line, '$', `not a JSON value (${error instanceof Error ? error.message : String(error)})`);
}

/** The JSON value of a line, or why it is not one. */
function parseJson(text: string, line: number): { readonly value: unknown } | Malformed {
  if (text.length > MAX_LINE_CHARS) return notJson(text, line, undefined);
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return notJson(text, line, error);
  }
}

/** A decoded header with the variant it names (or the one given instead). */
export interface HeaderLine {
  readonly kind: 'header';
  readonly header: TraceHeader;
  readonly variant: Variant;
}

/** Decodes line 1. `variant`, when given, replaces the header's (which must then only be a non-empty string). */
export function parseHeaderLine(text: string, variant?: Variant): HeaderLine | Malformed {
  const json = parseJson(text, 1);
  if ('kind' in json) return json.code === 'empty-line' ? malformed('bad-header', 1, '$', 'expected the header, found an empty line') : json;
  const { value } = json;
  if (typeof value === 'object' && value !== null && 'seq' in value && 'type' in value) {
    return malformed('bad-header', 1, '$', 'missing header: line 1 is an event, expected {"format":"vmspec-trace","version":1,…}');
  }
  const decoded = traceHeaderCodec.decode(value);
  if (decoded._tag === 'Left') {
    const failure = firstFailure(decoded.left);
    return malformed('bad-header', 1, failure.path, `header ${failure.expected}, got ${failure.got}`);
  }
  const header = decoded.right;
  if (text.includes('\uFFFD')) return malformed('not-utf8', 1, '$', 'header is not valid UTF-8 text');
  if (variant !== undefined) return { kind: 'header', header, variant };
  const parsed = parseVariant(header.variant);
  if (!parsed.ok) return malformed('unknown-variant', 1, '$.variant', parsed.error);
  return { kind: 'header', header, variant: parsed.variant };
}

/** Decodes an event line (line 2 on). */
export function parseRecordLine(text: string, line: number): TraceRecord | Malformed {
  const json = parseJson(text, line);
  if ('kind' in json) return json;
  const { value } = json;
  if (traceRecordCodec.is(value)) return value;
  return recordFailure(value, line);
}

/** The malformation of a JSON value that is not a record (`value` must fail the record codec). */
export function recordFailure(value: unknown, line: number): Malformed {
  const decoded = traceRecordCodec.decode(value);
  if (decoded._tag === 'Right') throw new Error(`bug: line ${line} decodes but failed the record check`);
  const failure = firstFailure(decoded.left);
  return malformed('bad-record', line, failure.path, `${failure.expected}, got ${failure.got}`);
}
