import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertySeed as testSeed } from '../../properties/seed.ts';
import { lineBatches, MAX_LINE_CHARS } from './lineBatches.ts';

async function linesOf(chunks: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of lineBatches(chunks)) lines.push(...batch);
  return lines;
}

/** `text` cut into chunks at the given points. */
function chunked(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  return [...points, text.length].map((end, i) => text.slice(i === 0 ? 0 : points[i - 1], end));
}

describe('lineBatches', () => {
  it('yields the same lines however the text is chunked, with LF or CRLF and an optional final line end', async () => {
    const line = fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '_'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (lines, eol, finalEol, cuts) => {
          const text = lines.join(eol) + (finalEol ? eol : '');
          const expected = !finalEol && lines.at(-1) === '' ? lines.slice(0, -1) : lines;
          expect(await linesOf(chunked(text, cuts))).toEqual(expected);
        },
      ),
      { seed: testSeed(), numRuns: 300 },
    );
  });

  it('keeps empty lines in the middle and a second final line end, for the decoder to refuse', async () => {
    expect(await linesOf(['a\n\nb\n\n'])).toEqual(['a', '', 'b', '']);
    expect(await linesOf([''])).toEqual([]);
  });

  it('cuts an over-long line (even across chunks) to MAX_LINE_CHARS + 1 characters', async () => {
    const long = 'x'.repeat(MAX_LINE_CHARS * 3);
    const lines = await linesOf(['a\n', long.slice(0, 1000), long.slice(1000), '\nb\n']);
    expect(lines.map((line) => line.length)).toEqual([1, MAX_LINE_CHARS + 1, 1]);
    expect(await linesOf([long])).toEqual([long.slice(0, MAX_LINE_CHARS + 1)]);
  });
});
