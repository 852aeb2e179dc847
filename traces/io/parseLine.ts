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
import { traceRecordCodecOf, type FormatVersion, type TraceRecord } from '../format/recordCodec.ts';
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
  if (nesting(text) > MAX_DEPTH) return malformed('too-deep', line, '$', `nested more than ${MAX_DEPTH} levels deep: not a trace line`);
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
    return malformed('bad-header', 1, '$', 'missing header: line 1 is an event, expected {"format":"vmspec-trace","version":3,…}');
  }
  const duplicate = duplicateKeyIn(text, 1);
  if (duplicate !== undefined) return duplicate;
  const decoded = traceHeaderCodec.decode(value);
  if (decoded._tag === 'Left') {
    const failure = firstFailure(decoded.left);
    return malformed('bad-header', 1, failure.path, `header ${failure.expected}, got ${failure.got}`);
  }
  const header = decoded.right;
  if (variant !== undefined) return { kind: 'header', header, variant };
  const parsed = parseVariant(header.variant);
  if (!parsed.ok) return malformed('unknown-variant', 1, '$.variant', parsed.error);
  return { kind: 'header', header, variant: parsed.variant };
}

/** Decodes an event line (line 2 on). */
export function parseRecordLine(text: string, line: number, version: FormatVersion = 3): TraceRecord | Malformed {
  const json = parseJson(text, line);
  if ('kind' in json) return json;
  const { value } = json;
  if (traceRecordCodecOf(version).is(value)) return keyCountMismatch(text, value) ? duplicateKeyIn(text, line)! : value;
  return recordFailure(value, line, version);
}

/** Deeper than this, a value is not a trace line (and would exhaust the stack of a recursive decoder). */
export const MAX_DEPTH = 32;

/** How deeply `text` nests arrays and objects, counted outside strings (stops counting past `MAX_DEPTH`). */
function nesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length && deepest <= MAX_DEPTH; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) deepest = Math.max(deepest, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}

/** True when `value` nests arrays or objects more than `limit` levels (looks no deeper than that). */
function deeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  return Object.values(value).some((inner) => deeperThan(inner, limit - 1));
}

/**
 * True when a decoded record's line holds more keys than the record: JSON.parse
 * keeps the last of duplicate keys silently. A valid record's string values
 * come from closed vocabularies without ':', so counting colons is exact.
 */
export function keyCountMismatch(text: string, value: object): boolean {
  let colons = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) colons++;
  return colons !== Object.keys(value).length;
}

/** The first key that appears twice in one object of `text`, as a malformation of line `line` (undefined: none). */
export function duplicateKeyIn(text: string, line: number): Malformed | undefined {
  const scopes: Set<string>[] = [];
  const path: string[] = [];
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        let j = i + 1;
        while (text[j] === ' ' || text[j] === '\t') j++;
        const scope = scopes[scopes.length - 1];
        if (text[j] === ':' && scope !== undefined) {
          const key = JSON.parse(text.slice(start, i + 1)) as string;
          if (scope.has(key)) return malformed('duplicate-key', line, `$${path.join('')}.${key}`, `key '${key}' appears twice in one object (JSON.parse would keep only the last)`);
          scope.add(key);
        }
      }
    } else if (c === '"') {
      inString = true;
      start = i;
    } else if (c === '{') scopes.push(new Set());
    else if (c === '}') scopes.pop();
  }
  return undefined;
}

/** The malformation of a JSON value that is not a record (`value` must fail the record codec of `version`). */
export function recordFailure(value: unknown, line: number, version: FormatVersion = 3): Malformed {
  if (deeperThan(value, MAX_DEPTH)) {
    return malformed('too-deep', line, '$', `nested more than ${MAX_DEPTH} levels deep: not a trace line`);
  }
  const decoded = traceRecordCodecOf(version).decode(value);
  if (decoded._tag === 'Right') throw new Error(`bug: line ${line} decodes but failed the record check`);
  const failure = firstFailure(decoded.left);
  return malformed('bad-record', line, failure.path, `${failure.expected}, got ${failure.got}`);
}
