/**
 * The ideal machine is independent of the emulator (issue 24): no source
 * under properties/ideal/ (tests aside, which compare the two) takes
 * anything from impl/ but types, directly or through the properties' own
 * modules that do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const IDEAL = new URL('.', import.meta.url).pathname;

/** The import/export statements of `text` that take values from impl/ (anything not `import type`/`export type`), and dynamic imports of it. */
export function valueImportsOfImpl(text: string): string[] {
  const statements = text.match(/^\s*(import|export)\b[^;]*?from\s+['"][^'"]+['"]/gms) ?? [];
  const dynamic = text.match(/import\(\s*['"][^'"]*\bimpl\/[^'"]*['"]\s*\)/g) ?? [];
  const bad = statements.filter((s) => /['"][^'"]*\bimpl\/[^'"]*['"]/.test(s) && !/^\s*(import|export)\s+type\b/.test(s));
  return [...bad.map((s) => s.trim()), ...dynamic];
}

/** Modules `text` imports from outside properties/ideal/ (other than spec/, the specification it may use, and impl/ types). */
function importsLeavingIdeal(text: string): string[] {
  const from = [...text.matchAll(/^\s*(import|export)\b[^;]*?from\s+['"]([^'"]+)['"]/gms)].filter((m) => !/^\s*(import|export)\s+type\b/.test(m[0]));
  return from.map((m) => m[2]!).filter((path) => !path.startsWith('./') && !/\bspec\//.test(path));
}

const sources = readdirSync(IDEAL).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

describe('properties/ideal/ takes only types from impl/', () => {
  it('finds the ideal machine sources to scan', () => {
    expect(sources).toContain('idealMachine.ts');
    expect(sources.length).toBeGreaterThanOrEqual(5);
  });

  it('has no value import of impl/, and no value import from outside but spec/', () => {
    const offenders = sources.flatMap((name) => {
      const text = readFileSync(join(IDEAL, name), 'utf8');
      return [...valueImportsOfImpl(text), ...importsLeavingIdeal(text)].map((s) => `${name}: ${s}`);
    });
    expect(offenders).toEqual([]);
  });

  it('would catch a value import, a mixed import, a re-export, a dynamic import and an import through another module', () => {
    expect(valueImportsOfImpl("import { compile } from '../../impl/index.ts';")).toHaveLength(1);
    expect(valueImportsOfImpl("import { type Op, HEAP_BASE } from '../../impl/guest/guestProcess.ts';")).toHaveLength(1);
    expect(valueImportsOfImpl("export { diskWord } from '../../impl/host/hostDevices.ts';")).toHaveLength(1);
    expect(valueImportsOfImpl("const m = await import('../../impl/guest/isa.ts');")).toHaveLength(1);
    expect(valueImportsOfImpl("import type { Op } from '../../impl/guest/isa.ts';")).toHaveLength(0);
    expect(importsLeavingIdeal("import { publicView } from '../publicView.ts';")).toEqual(['../publicView.ts']);
    expect(importsLeavingIdeal("import { regionOf } from '../../spec/index.ts';")).toEqual([]);
  });
});
