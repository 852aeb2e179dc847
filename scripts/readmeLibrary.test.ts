/**
 * The README's library example runs as written: its ```ts block (under
 * "Using vmspec from another project"), with the package's imports pointed at
 * the local index.ts files, checks a trace and runs a property on a variant
 * and on a plug-in, printing what the comments say it prints.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const scratch = mkdtempSync(join(root, 'scripts', '.readme-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The first ```ts block after `heading`. */
function tsBlockAfter(heading: string): string {
  const from = readme.indexOf(heading);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(from));
  if (from < 0 || block === null) throw new Error(`README.md: no ts block after '${heading}'`);
  return block[1]!;
}

/** `vmspec` and `vmspec/NAME` imports as the local sources (the package's entry points, as exports maps them). */
const localImports = (code: string): string =>
  code.replace(/from 'vmspec(?:\/(\w+))?'/g, (_, entry: string | undefined) => `from '${pathToFileURL(join(root, entry ?? '', 'index.ts')).href}'`);

describe("README's library example", () => {
  const snippet = tsBlockAfter('## Using vmspec from another project');

  it('uses the public API by its package names', () => {
    for (const name of ['conformFile', 'ALL_PROPERTIES', 'variantSubject', 'parseVariant', 'loadPlugin', 'pluginSubject']) expect(snippet).toContain(name);
    expect(snippet).toMatch(/from 'vmspec\/traces'/);
    expect(localImports(snippet)).not.toMatch(/from 'vmspec/);
  });

  it('runs: the trace conforms, the property holds on the variant and on the plug-in', async () => {
    const file = join(scratch, 'example.ts');
    writeFileSync(file, localImports(snippet));
    const logged: unknown[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((value: unknown) => void logged.push(value));
    try {
      await import(pathToFileURL(file).href);
    } finally {
      log.mockRestore();
    }
    expect(logged).toEqual(['conforms', { ok: true, runs: 200 }, { ok: true, runs: 200 }]);
  }, 120_000);
});
