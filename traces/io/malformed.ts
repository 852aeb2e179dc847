/**
 * Why a line of a trace file could not be read: the codes of malformed input,
 * each a reason the whole file is refused (exit 2), with the place (line and
 * JSON path) and a one-line explanation.
 */

/** The kinds of malformed input. */
export type MalformedCode =
  /** The file has no line at all (so no header). */
  | 'empty-file'
  /** A line is empty (only one final line end is allowed). */
  | 'empty-line'
  /** A line is longer than the reader keeps. */
  | 'line-too-long'
  /** A line is not one JSON value. */
  | 'not-json'
  /** The header is missing (line 1 is an event) or does not decode. */
  | 'bad-header'
  /** The header names a variant spec/variant.ts does not know. */
  | 'unknown-variant'
  /** The file's bytes are not valid UTF-8. */
  | 'not-utf8'
  /** A line nests arrays or objects deeper than any trace line does. */
  | 'too-deep'
  /** A key appears twice in one object of a line. */
  | 'duplicate-key'
  /** An event line does not decode (unknown type, wrong field, wrong layer, …). */
  | 'bad-record';

/** One malformed line. */
export interface Malformed {
  readonly kind: 'malformed';
  readonly code: MalformedCode;
  /** 1-based line number (the header is line 1). */
  readonly line: number;
  /** JSON path of the offending value, `$` for the whole line. */
  readonly path: string;
  /** What was wrong, on one line. */
  readonly message: string;
}

/** Builds a `Malformed`. */
export function malformed(code: MalformedCode, line: number, path: string, message: string): Malformed {
  return { kind: 'malformed', code, line, path, message: oneLine(message) };
}

/** `text` with line breaks and other control characters escaped, so it prints as one line. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
