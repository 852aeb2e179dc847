/**
 * The plug-ins in examples/ (and the test fixtures) prove the public API is
 * enough: they import from the package's entry point, `vmspec`, and nothing
 * else. Each example also loads and defines a plug-in named after its file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlugin } from '../plugins/loadPlugin.ts';

const pluginFiles = (dir: string): string[] =>
  readdirSync(dir).filter((f) => /\.(m?ts|m?js)$/.test(f) && !f.endsWith('.test.ts')).map((f) => join(dir, f));

const EXAMPLES = pluginFiles('examples');

function importSpecifiers(source: string): string[] {
  const specifiers = [...source.matchAll(/\b(?:import|export)\s[^;]*?\bfrom\s+['"]([^'"]+)['"]/gs)].map((m) => m[1]!);
  const dynamic = [...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  const required = [...source.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  const bare = [...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  return [...specifiers, ...dynamic, ...required, ...bare];
}

describe('plug-ins import only the public entry point', () => {
  it.each([...EXAMPLES, ...pluginFiles('plugins/fixtures')])('%s', (file) => {
    const imports = importSpecifiers(readFileSync(file, 'utf8'));
    expect(imports.filter((s) => s !== 'vmspec')).toEqual([]);
  });

  it('there are the two variants beyond the paper (real skas0 is a preset now) and at least two broken ideas', () => {
    const names = EXAMPLES.map((f) => basename(f).replace(/\.m?ts$/, ''));
    expect(names).toEqual(expect.arrayContaining(['systrap', 'skas3']));
    expect(names).not.toContain('skas0');
    expect(names.filter((n) => n.startsWith('broken-')).length).toBeGreaterThanOrEqual(2);
  });

  it.each(EXAMPLES)('%s loads as a plug-in named after its file', async (file) => {
    const loaded = await loadPlugin(file);
    expect(loaded.ok && loaded.plugin.name).toBe(basename(file).replace(/\.m?ts$/, ''));
  });
});
