/**
 * Docs that cannot drift (issue 21): every generated block in README.md and
 * docs/paper.md is what the commands compute now (the paper bench under the
 * shipped default calibration, explore's state count, the converter's
 * rules); a difference fails and names the fix. The block mechanics are
 * checked on small texts.
 */
import { describe, expect, it } from 'vitest';
import { blockNames, replaceBlocks } from './docBlocks.ts';
import { regenerated } from './docFigures.ts';

describe('replaceBlocks', () => {
  it('replaces inline and multi-line blocks and refuses a block with no generator or no end', () => {
    const text = 'a <!-- fig:x -->old<!-- /fig:x --> b\n<!-- fig:y -->\nold\n<!-- /fig:y -->\n';
    expect(blockNames(text)).toEqual(['x', 'y']);
    expect(replaceBlocks(text, { x: 'new', y: '\nnew\n' })).toEqual({ ok: true, text: 'a <!-- fig:x -->new<!-- /fig:x --> b\n<!-- fig:y -->\nnew\n<!-- /fig:y -->\n' });
    expect(replaceBlocks(text, { x: 'new' })).toEqual({ ok: false, error: "block 'y' has no generator" });
    expect(replaceBlocks('<!-- fig:x -->', { x: '' })).toEqual({ ok: false, error: "block 'x' is not closed (<!-- /fig:x -->)" });
  });
});

describe('the figures in README.md and docs/paper.md', () => {
  it('are what the commands print now (else run: npx tsx scripts/docFigures.ts)', async () => {
    const docs = await regenerated();
    expect(docs.map((d) => d.path)).toEqual(['README.md', 'docs/paper.md']);
    for (const d of docs) {
      expect(blockNames(d.now).length, d.path).toBeGreaterThan(0);
      expect(d.now, `${d.path} differs from what the commands print: run npx tsx scripts/docFigures.ts`).toBe(d.generated);
    }
  }, 120_000);
});
