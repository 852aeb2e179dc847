import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../spec/index.ts';
import { conformLines } from '../check/conformTrace.ts';
import { parseHeaderLine, parseRecordLine } from '../io/parseLine.ts';

const doc = readFileSync(new URL('../FORMAT.md', import.meta.url), 'utf8');
const block = (fence: string): string[] => {
  const match = new RegExp('```' + fence + '\\n([\\s\\S]*?)```').exec(doc);
  if (match === null) throw new Error(`FORMAT.md has no ${fence} block`);
  return match[1]!.trimEnd().split('\n');
};

describe('traces/FORMAT.md', () => {
  it('shows a header that decodes', () => {
    expect(parseHeaderLine(block('json')[0]!)).toMatchObject({ kind: 'header' });
  });

  it('gives one example line per event kind, each decoding, together a well-formed file', () => {
    const [header, ...events] = block('ndjson');
    const records = events.map((line, i) => parseRecordLine(line, i + 2));
    expect(records.filter((record) => 'kind' in record)).toEqual([]);
    expect(records.map((record) => ('type' in record ? record.type : '')).sort()).toEqual([...EVENT_TYPES].sort());
    expect(conformLines([header!, ...events]).kind).toBe('diverges');
  });
});
