/**
 * Fuzzing `vmspec conform` with malformed files: truncated lines, wrong
 * types, unknown kinds and properties, huge numbers, binary garbage, empty
 * lines, an empty file, a missing header. Every one must exit 2 with exactly
 * one line on stderr naming the file and the first bad line; none may throw.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../cli/io.ts';
import { conformCommand } from '../../cli/conformCommand.ts';
import { goldenTraces } from '../golden/goldenPaths.ts';
import { scratchDir } from '../internal/tempDir.ts';
import { propertySeed as testSeed } from '../../properties/seed.ts';
import { traceHeaderCodec } from '../format/headerCodec.ts';
import { traceRecordCodec } from '../format/recordCodec.ts';
import { traceLines } from './traceWriter.ts';

/** A malformed file: its bytes and the line the error must name. */
interface Case {
  readonly what: string;
  readonly bytes: Uint8Array;
  readonly line: number;
}

const text = (lines: readonly string[]): Uint8Array => new TextEncoder().encode(`${lines.join('\n')}\n`);
const goldenLines = goldenTraces().map((golden) => [...traceLines(golden.header, golden.events)].map((line) => (line.ok ? line.line : '')));

/** A golden trace and the index (0-based) of one of its lines. */
const lineOf = fc.constantFrom(...goldenLines).chain((lines) => fc.tuple(fc.constant(lines), fc.nat({ max: lines.length - 1 })));

/** Values that are the wrong JSON type for any field (numbers where strings go and the reverse are added per field). */
const wrongValue = fc.oneof(
  fc.constantFrom(null, true, false, [], {}, [1], { a: 1 }, 1.5, -1, '', '0x70000000', 'ok '),
  fc.constantFrom('1e400', '-1e400', '1e20', '9007199254740993', '4294967296', '-0.5').map((n) => ({ raw: n })),
  fc.string({ maxLength: 8 }),
  fc.integer(),
);

/** Replaces the value of one property of line `at` with a wrong one (raw JSON text for huge numbers). */
const wrongType = lineOf.chain(([lines, at]) => {
  const object = JSON.parse(lines[at]!) as Record<string, unknown>;
  return fc.tuple(fc.constantFrom(...Object.keys(object)), wrongValue).map(([key, value]): Case | undefined => {
    const json = typeof value === 'object' && value !== null && 'raw' in value ? String(value.raw) : JSON.stringify(value);
    const original = JSON.stringify(object[key]);
    const patched = lines[at]!.replace(`"${key}":${original}`, `"${key}":${json}`);
    // Only values the format refuses (a random integer or string may happen to be a valid one).
    const codec = at === 0 ? traceHeaderCodec : traceRecordCodec;
    if (codec.is(JSON.parse(patched)) || (at === 0 && key === 'variant')) return undefined;
    const copy = [...lines];
    copy[at] = patched;
    return { what: `${key} = ${json} on line ${at + 1}`, bytes: text(copy), line: at + 1 };
  });
});

const cases: fc.Arbitrary<Case> = fc.oneof(
  lineOf.chain(([lines, at]) =>
    fc.nat({ max: lines[at]!.length - 1 }).map((cut): Case => {
      const copy = [...lines];
      copy[at] = lines[at]!.slice(0, cut);
      return { what: `line ${at + 1} truncated to ${cut} chars`, bytes: text(copy), line: at + 1 };
    }),
  ),
  wrongType.filter((c): c is Case => c !== undefined),
  lineOf
    .filter(([, at]) => at > 0)
    .chain(([lines, at]) =>
      fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^(guest|host|vmm)\./.test(s)).map((type): Case => {
        const copy = [...lines];
        copy[at] = lines[at]!.replace(/"type":"[^"]*"/, `"type":${JSON.stringify(type)}`);
        return { what: `unknown kind ${JSON.stringify(type)} on line ${at + 1}`, bytes: text(copy), line: at + 1 };
      }),
    ),
  lineOf.map(([lines, at]): Case => {
    const copy = [...lines];
    copy[at] = lines[at]!.replace(/}$/, ',"extra":1}');
    return { what: `unknown property on line ${at + 1}`, bytes: text(copy), line: at + 1 };
  }),
  lineOf.chain(([lines, at]) =>
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((garbage): Case => {
      const before = new TextEncoder().encode(lines.slice(0, at).map((line) => `${line}\n`).join(''));
      const after = new TextEncoder().encode(lines.slice(at).map((line) => `${line}\n`).join(''));
      return { what: `binary garbage before line ${at + 1}`, bytes: new Uint8Array([...before, ...garbage, 10, ...after]), line: at + 1 };
    }),
  ),
  lineOf.map(([lines, at]): Case => ({
    what: `empty line before line ${at + 1}`,
    bytes: text([...lines.slice(0, at), '', ...lines.slice(at)]),
    line: at + 1,
  })),
  fc.constantFrom(...goldenLines).map((lines): Case => ({ what: 'two final line ends', bytes: text([...lines, '']), line: lines.length + 1 })),
  fc.constantFrom(...goldenLines).map((lines): Case => ({ what: 'header missing', bytes: text(lines.slice(1)), line: 1 })),
  fc.constant<Case>({ what: 'empty file', bytes: new Uint8Array(), line: 1 }),
  fc.constantFrom('\n', '\r\n', ' ', '{}', 'null', '[]', '{"format":"vmspec-trace"}').map((content): Case => ({ what: `file ${JSON.stringify(content)}`, bytes: new TextEncoder().encode(content), line: 1 })),
);

const scratch = scratchDir('fuzz');
afterAll(() => scratch.remove());

describe('malformed trace files', () => {
  it('exit 2 with one line naming the file and the first bad line, and never throw', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(cases, async ({ what, bytes, line }) => {
        const file = join(scratch.path, `f${run++}.ndjson`);
        writeFileSync(file, bytes);
        const io = captureIo();
        const exit = await conformCommand([file], io);
        expect({ what, exit, stdout: io.stdout() }).toEqual({ what, exit: 2, stdout: '' });
        const errLines = io.stderr().split('\n');
        expect(errLines, what).toHaveLength(2);
        expect(errLines[1]).toBe('');
        // eslint-disable-next-line no-control-regex
        expect(errLines[0], what).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
        expect(errLines[0], what).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}: malformed: \\S`));
      }),
      { seed: testSeed(), numRuns: 300 },
    );
  });
});
