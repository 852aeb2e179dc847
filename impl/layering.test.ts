/**
 * The one rule (DESIGN.md): the emulator takes at most types from the spec.
 * Scans every non-test source file under impl/ for imports of spec/ that are
 * not `import type` (or `export type`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const IMPL = new URL('.', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The import/export statements of `text` that reach spec/ without being type-only. */
export function valueImportsOfSpec(text: string): string[] {
  const statements = text.match(/^\s*(import|export)\b[^;]*?from\s+['"][^'"]+['"]/gms) ?? [];
  const dynamic = text.match(/import\(\s*['"][^'"]*spec\/[^'"]*['"]\s*\)/g) ?? [];
  const bad = statements.filter((s) => /['"][^'"]*\bspec\/[^'"]*['"]/.test(s) && !/^\s*(import|export)\s+type\b/.test(s));
  return [...bad.map((s) => s.trim()), ...dynamic];
}

describe('impl/ takes only types from spec/', () => {
  it('finds impl sources to scan', () => {
    expect(sources(IMPL).length).toBeGreaterThan(20);
  });

  it('has no value import of spec/ in any impl source', () => {
    const offenders = sources(IMPL).flatMap((path) => valueImportsOfSpec(readFileSync(path, 'utf8')).map((s) => `${relative(IMPL, path)}: ${s}`));
    expect(offenders).toEqual([]);
  });

  it('would catch a value import, a mixed import and a dynamic import', () => {
    expect(valueImportsOfSpec("import { PAGE_SIZE } from '../spec/layout.ts';")).toHaveLength(1);
    expect(valueImportsOfSpec("import { type Region, regionOf } from '../../spec/layout.ts';")).toHaveLength(1);
    expect(valueImportsOfSpec("const m = await import('../spec/stepper.ts');")).toHaveLength(1);
    expect(valueImportsOfSpec("export { run } from '../spec/stepper.ts';")).toHaveLength(1);
    expect(valueImportsOfSpec("import type { Region } from '../spec/types.ts';")).toHaveLength(0);
  });
});
