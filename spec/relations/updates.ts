/**
 * Context updates as XState actions. Each update is a pure function returning
 * the fields it changes; `asActions` wraps each in XState's own `assign`, and
 * the compiled stepper reads the very same function back off the action
 * (`assign(f).assignment === f`), so both apply one definition.
 */
import { assign } from 'xstate';

/** An update: given XState's `{ context, event }` and the action's params, the changed fields. */
export type Update = (args: { context: never; event: never }, params: never) => object;

/** The updates as XState `assign` actions, by name. */
export function asActions<const U extends Readonly<Record<string, Update>>>(updates: U): { readonly [K in keyof U]: never } {
  return Object.fromEntries(Object.entries(updates).map(([name, update]) => [name, assign(update as never)])) as never;
}
