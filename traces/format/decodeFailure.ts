/**
 * Turns io-ts validation errors into the one thing a person needs: the JSON
 * path of the first offending value, what was expected there, and what was
 * found. One failure, one line.
 */
import type * as t from 'io-ts';

/** Where and why one JSON value failed to decode. */
export interface DecodeFailure {
  /** JSON path from the line's root, e.g. `$.addr`. */
  readonly path: string;
  /** What was expected, e.g. `expected integer in [0, 4294967295]`. */
  readonly expected: string;
  /** The offending value, abbreviated, or `missing`. */
  readonly got: string;
}

const MAX_SHOWN = 40;

/** A short rendering of a JSON value for an error line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** The JSON path of a validation context (the root entry is `$`). */
export function jsonPath(context: t.Context): string {
  return context
    .slice(1)
    .map(({ key }) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`))
    .reduce((path, step) => path + step, '$');
}

/** The first of `errors`, described. */
export function firstFailure(errors: t.Errors): DecodeFailure {
  const error = errors[0];
  if (error === undefined) return { path: '$', expected: 'expected a valid value', got: 'nothing' };
  const last = error.context[error.context.length - 1];
  const expected = error.message ?? `expected ${last?.type.name ?? 'a valid value'}`;
  return { path: jsonPath(error.context), expected, got: describeValue(error.value) };
}

/** `path: expected …, got …`. */
export function formatFailure(failure: DecodeFailure): string {
  return `${failure.path}: ${failure.expected}, got ${failure.got}`;
}
