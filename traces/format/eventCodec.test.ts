import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, REPRESENTATIVES } from '../../spec/index.ts';
import { specEventArbitrary } from '../internal/eventArbitrary.ts';
import { propertySeed as testSeed } from '../../properties/seed.ts';
import { firstFailure, formatFailure } from './decodeFailure.ts';
import { EVENT_CODECS, specEventCodec } from './eventCodec.ts';
import { EVENT_KINDS, layerOf } from './eventFields.ts';
import { toEvent, toRecord, traceRecordCodec } from './recordCodec.ts';

const failureOf = (value: unknown): string => {
  const decoded = traceRecordCodec.decode(value);
  return decoded._tag === 'Left' ? formatFailure(firstFailure(decoded.left)) : 'decodes';
};

describe('the event codecs', () => {
  it('cover exactly the event types of the spec, each in the layer of its prefix', () => {
    expect([...EVENT_KINDS].sort()).toEqual([...EVENT_TYPES].sort());
    expect(Object.keys(EVENT_CODECS).sort()).toEqual([...EVENT_TYPES].sort());
    expect(EVENT_KINDS.map(layerOf).filter((layer, i) => !EVENT_KINDS[i]!.startsWith(`${layer}.`))).toEqual([]);
  });

  it('decode every representative event, and every random event through JSON and back', () => {
    for (const event of Object.values(REPRESENTATIVES).flat()) expect(specEventCodec.decode(event)).toEqual({ _tag: 'Right', right: event });
    fc.assert(
      fc.property(specEventArbitrary, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (event, seq) => {
        const json: unknown = JSON.parse(JSON.stringify(toRecord(seq, event)));
        expect(traceRecordCodec.is(json)).toBe(true);
        const decoded = traceRecordCodec.decode(json);
        expect(decoded._tag === 'Right' && toEvent(decoded.right)).toEqual(event);
        expect(specEventCodec.is(JSON.parse(JSON.stringify(event)))).toBe(true);
      }),
      { seed: testSeed(), numRuns: 500 },
    );
  });

  it('`is` agrees with `decode` on mutated records', () => {
    const mutated = fc.tuple(specEventArbitrary, fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 })).map(([event, key, value]) => {
      const record: Record<string, unknown> = { ...toRecord(1, event) };
      const keys = Object.keys(record);
      record[keys.includes(key) || key.length === 0 ? keys[key.length % keys.length]! : key] = value;
      return record;
    });
    fc.assert(
      fc.property(mutated, (record) => {
        expect(traceRecordCodec.is(record)).toBe(traceRecordCodec.decode(record)._tag === 'Right');
      }),
      { seed: testSeed(), numRuns: 1000 },
    );
  });

  it('name the JSON path, what was expected and what was found', () => {
    const access = { seq: 3, layer: 'guest', type: 'guest.access', pid: 1, addr: 0x7000_0000, op: 'read', outcome: 'ok', mode: 'user' };
    expect(failureOf({ ...access, addr: 2 ** 32 })).toBe('$.addr: expected integer in [0, 4294967295], got 4294967296');
    expect(failureOf({ ...access, op: 'exec' })).toBe('$.op: expected "read" | "write", got "exec"');
    expect(failureOf({ ...access, layer: 'host' })).toBe('$.layer: expected "guest", got "host"');
    expect(failureOf({ ...access, seq: 0 })).toBe(`$.seq: expected integer in [1, ${Number.MAX_SAFE_INTEGER}], got 0`);
    expect(failureOf({ ...access, pid: undefined })).toBe('$.pid: expected integer in [0, 2147483647], got missing');
    expect(failureOf({ ...access, colour: 'red' })).toMatch(/^\$\.colour: unknown property \(guest\.access record has seq, layer, type, pid, addr, op, outcome, mode\), got "red"$/);
    expect(failureOf({ ...access, type: 'guest.teleport' })).toMatch(/^\$\.type: expected one of the 39 known types, e\.g\. "guest\.syscall" \(see traces\/FORMAT\.md\), got "guest\.teleport"$/);
    expect(failureOf([access])).toBe('$: expected an object TraceRecord, got [{"seq":3,"layer":"guest","type":"guest.…');
    expect(failureOf({ ...access, mode: undefined })).toBe('$.mode: expected "user" | "kernel", got missing');
  });
});
