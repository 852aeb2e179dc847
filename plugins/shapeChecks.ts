/**
 * Small checks of `unknown` values for plug-in validation: each returns
 * undefined when the value fits, or a one-line complaint naming the field
 * (`'protection.lift' must be a function, got undefined`).
 */

/** A one-line description of what a value is, for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return typeof value === 'undefined' ? 'undefined' : `${typeof value} ${String(value)}`;
}

/** The record behind `value`, when it is a non-null, non-array object. */
export function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A complaint that `field` must be `what`. */
export function mustBe(field: string, what: string, value: unknown): string {
  return `'${field}' must be ${what}, got ${describeValue(value)}`;
}

/** Checks that `record[key]` is a function. */
export function needFunction(record: Readonly<Record<string, unknown>>, key: string, at: string): string | undefined {
  return typeof record[key] === 'function' ? undefined : mustBe(`${at}.${key}`, 'a function', record[key]);
}

/** Checks that `record[key]` is a non-empty string. */
export function needString(record: Readonly<Record<string, unknown>>, key: string, at: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value.length > 0 ? undefined : mustBe(at === '' ? key : `${at}.${key}`, 'a non-empty string', value);
}

/** The first complaint of several checks, run in order. */
export function firstComplaint(...checks: readonly (() => string | undefined)[]): string | undefined {
  for (const check of checks) {
    const complaint = check();
    if (complaint !== undefined) return complaint;
  }
  return undefined;
}
