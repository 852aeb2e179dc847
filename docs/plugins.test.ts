/**
 * docs/plugins.md stays true: its tutorial plug-in, written out as a reader
 * would save it, loads (it names the machine of the axis it replaces), and
 * its cost-claims snippet is accepted by defineVariant; every relative link
 * points at a file of the repository.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlugin } from '../plugins/loadPlugin.ts';

const here = dirname(fileURLToPath(import.meta.url));
const doc = readFileSync(join(here, 'plugins.md'), 'utf8');
// Inside the repository, where `vmspec` resolves to its sources under vitest (as in examples/).
const scratch = mkdtempSync(join(here, '.plugins-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The first ```ts block after `heading`. */
function tsBlockAfter(heading: string): string {
  const from = doc.indexOf(heading);
  const block = /```ts\n([\s\S]*?)```/.exec(doc.slice(from));
  if (from < 0 || block === null) throw new Error(`no ts block after '${heading}'`);
  return block[1]!;
}

describe('docs/plugins.md', () => {
  it('the tutorial plug-in loads, judged by the standard machine it names', async () => {
    const file = join(scratch, 'read-only-kernel.ts');
    writeFileSync(file, tsBlockAfter('## Tutorial'));
    const loaded = await loadPlugin(file);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.plugin.standardSpecs).toEqual(['protection/mprotect']);
  });

  it('the cost-claims snippet is a valid costClaims field', async () => {
    const file = join(scratch, 'claims.ts');
    writeFileSync(file, [
      "import { defineVariant, STANDARD_SPECS } from 'vmspec';",
      "export default defineVariant({ name: 'claims', base: 'umlinux', spec: { protection: STANDARD_SPECS.protection.mprotect },",
      tsBlockAfter('**Cost claims'),
      '});',
    ].join('\n'));
    const loaded = await loadPlugin(file);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.plugin.costClaims.map((c) => c.says)).toHaveLength(3);
  });

  it('every relative link points at a file of the repository', () => {
    const links = [...doc.matchAll(/\]\((?!https?:)([^)#]+)(#[^)]*)?\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((link) => !existsSync(join(here, link)))).toEqual([]);
    expect(doc).not.toMatch(/DESIGN\.md|issue \d+/);
  });
});
