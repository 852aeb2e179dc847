/**
 * The relation cases: each broken paper path diverges at the event that
 * breaks the relation, refused by the machine that owns it, with the relation
 * in words; the legitimate variations conform; and the files in
 * traces/golden are what make.ts writes from relationCases.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conformLines } from '../check/conformTrace.ts';
import { traceLines } from '../io/traceWriter.ts';
import { relationCaseHeader, relationCases } from './relationCases.ts';

const here = dirname(fileURLToPath(import.meta.url));
const cases = relationCases();

describe('relation cases', () => {
  it('cover every class at least twice and the five legitimate cases', () => {
    expect(cases.filter((c) => c.breaks !== undefined).length).toBeGreaterThanOrEqual(20);
    expect(cases.filter((c) => c.breaks === undefined).map((c) => c.file)).toHaveLength(5);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const lines = [...traceLines(relationCaseHeader(c), c.events)].map((line) => (line.ok ? line.line : line.error));
    expect(readFileSync(join(here, c.file), 'utf8')).toBe(`${lines.join('\n')}\n`);
    const verdict = conformLines(lines);
    if (c.breaks === undefined) {
      expect(verdict.kind).toBe('conforms');
      return;
    }
    expect(verdict.kind).toBe('diverges');
    if (verdict.kind !== 'diverges') return;
    expect(verdict.line).toBe(c.breaks.at === 'end' ? lines.length : c.breaks.at + 2);
    expect(verdict.machine).toBe(c.breaks.machine);
    expect(verdict.message).toMatch(c.breaks.why);
  });
});
