/**
 * Every relative link in the README and the docs (every Markdown file of the
 * repository) names a file or folder that exists in the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const SKIPPED = new Set(['node_modules', 'dist', '.git']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? markdownFiles(path) : entry.name.endsWith('.md') ? [path] : [];
  });
}

/** The relative link targets of a Markdown text (inline links, without their #fragment). */
export function relativeLinks(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]!);
}

describe('links in Markdown files', () => {
  it('finds relative links, and skips web links and fragments', () => {
    expect(relativeLinks('[a](docs/x.md#y) [b](https://e.org) [c](#top) [d](../up.md)\n```\n[e](nope.md)\n```')).toEqual(['docs/x.md', '../up.md']);
  });

  const files = markdownFiles(root);
  it('there are Markdown files to check', () => expect(files.map((f) => relative(root, f))).toContain('README.md'));

  it.each(files.map((f) => [relative(root, f), f] as const))('%s: every relative link resolves inside the repository', (_, file) => {
    const broken = relativeLinks(readFileSync(file, 'utf8')).filter((target) => {
      const path = join(dirname(file), decodeURIComponent(target));
      return relative(root, path).startsWith('..') || !existsSync(path);
    });
    expect(broken).toEqual([]);
  });
});

describe('traces/FORMAT.md', () => {
  it("its example header names the format version and the emulator that record traces today", async () => {
    const { TRACE_FORMAT_VERSION } = await import('../traces/index.ts');
    const { EMULATOR_ID } = await import('../properties/emulatorTraceHeader.ts');
    const doc = readFileSync(join(root, 'traces/FORMAT.md'), 'utf8');
    const header = JSON.parse(/```json\n(.*)\n/.exec(doc)![1]!) as { version: number; emulator: string };
    expect(header).toMatchObject({ version: TRACE_FORMAT_VERSION, emulator: EMULATOR_ID });
  });
});
