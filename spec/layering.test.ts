/**
 * spec/ is pure: it imports xstate and its own files, nothing of the emulator,
 * the traces or the CLI (DESIGN.md, "Architecture").
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const specDir = new URL('.', import.meta.url).pathname;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))));
  return nested.flat().filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
}

describe('spec/ layering', () => {
  it('imports only xstate and files inside spec/', async () => {
    const offending: string[] = [];
    for (const file of await sourceFiles(specDir)) {
      const text = await readFile(file, 'utf8');
      for (const [, source] of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
        const inside = source!.startsWith('.') && !relative(specDir, join(file, '..', source!)).startsWith('..');
        if (!inside && source !== 'xstate') offending.push(`${relative(specDir, file)}: ${source}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
