/**
 * Exhaustiveness guard for switches over tagged unions: reaching it means a
 * case was forgotten, which is a bug in vmspec, never bad input.
 */

/** Throws: `value` should have been narrowed to `never` by the switch it ends. */
export function assertNever(value: never): never {
  throw new Error(`unreachable: unexpected value ${JSON.stringify(value)}`);
}
