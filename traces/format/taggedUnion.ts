/**
 * A codec of a union of closed records told apart by their `type` property:
 * it looks the member up by tag instead of trying each one, so a wrong event
 * gets the error of its own kind ("$.addr: expected …") rather than one per
 * member, and checking costs one map lookup.
 */
import * as t from 'io-ts';
import { isJsonObject } from './closedRecord.ts';

/** The codec of the union of `members`, keyed by the value of their `type`. */
export function taggedUnion<A extends { readonly type: string }>(
  name: string,
  members: ReadonlyMap<string, t.Type<A, A, unknown>>,
): t.Type<A, A, unknown> & { readonly members: ReadonlyMap<string, t.Type<A, A, unknown>> } {
  const tags = `one of the ${members.size} known types, e.g. ${JSON.stringify(members.keys().next().value)} (see traces/FORMAT.md)`;
  const is = (u: unknown): u is A => {
    if (!isJsonObject(u)) return false;
    const member = typeof u['type'] === 'string' ? members.get(u['type']) : undefined;
    return member !== undefined && member.is(u);
  };
  const validate = (u: unknown, c: t.Context): t.Validation<A> => {
    if (!isJsonObject(u)) return t.failure(u, c, `expected an object ${name}`);
    const tag = u['type'];
    const member = typeof tag === 'string' ? members.get(tag) : undefined;
    if (member === undefined) return t.failure(tag, t.appendContext(c, 'type', t.string, tag), `expected ${tags}`);
    return member.validate(u, c);
  };
  return Object.assign(new t.Type<A, A, unknown>(name, is, validate, t.identity), { members });
}
