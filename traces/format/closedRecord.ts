/**
 * A codec of JSON objects with exactly the given properties: like io-ts's
 * `t.type`, but an unknown property is an error (a misspelt field must not
 * pass silently), and the decoded type is flat and readonly.
 */
import * as t from 'io-ts';

/** `T` as one flat object type with readonly properties. */
export type Flat<T> = { readonly [K in keyof T]: T[K] };

/** A closed-record codec, with its property codecs. */
export interface ClosedRecordCodec<P extends t.Props> extends t.Type<Flat<t.TypeOfProps<P>>, Flat<t.OutputOfProps<P>>, unknown> {
  readonly props: P;
}

/** True when `u` is a JSON object (not null, not an array). */
export function isJsonObject(u: unknown): u is Readonly<Record<string, unknown>> {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

/** The codec of objects with exactly the properties `props`. */
export function closedRecord<P extends t.Props>(name: string, props: P): ClosedRecordCodec<P> {
  type A = Flat<t.TypeOfProps<P>>;
  const entries: readonly (readonly [string, t.Mixed])[] = Object.entries(props);
  const keys = entries.map(([key]) => key);
  const codecs = entries.map(([, codec]) => codec);
  const count = entries.length;
  const is = (u: unknown): u is A => {
    if (!isJsonObject(u)) return false;
    for (let i = 0; i < count; i++) {
      const value = u[keys[i]!];
      if (!codecs[i]!.is(value) || (value === undefined && !Object.hasOwn(u, keys[i]!))) return false;
    }
    // Every known key is present (checked above), so any further own key is an unknown one.
    return Object.keys(u).length === count;
  };
  const validate = (u: unknown, c: t.Context): t.Validation<A> => {
    if (!isJsonObject(u)) return t.failure(u, c, `expected an object ${name}`);
    const errors: t.ValidationError[] = [];
    for (const [key, codec] of entries) {
      const result = codec.validate(u[key], t.appendContext(c, key, codec, u[key]));
      if (result._tag === 'Left') errors.push(...result.left);
    }
    for (const key of Object.keys(u)) {
      if (!Object.hasOwn(props, key)) errors.push({ value: u[key], context: t.appendContext(c, key, t.never, u[key]), message: `unknown property (${name} has ${Object.keys(props).join(', ')})` });
    }
    return errors.length > 0 ? t.failures(errors) : t.success(u as A);
  };
  const codec = new t.Type<A, Flat<t.OutputOfProps<P>>, unknown>(name, is, validate, (a) => a as unknown as Flat<t.OutputOfProps<P>>);
  return Object.assign(codec, { props });
}
