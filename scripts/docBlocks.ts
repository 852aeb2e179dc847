/**
 * Generated figures inside hand-written docs (issue 21): a block is the text
 * between `<!-- fig:NAME -->` and `<!-- /fig:NAME -->` (inline or over
 * lines). The generator replaces every block with what a command produces;
 * the test fails when a file's blocks differ from it.
 */

const OPEN = (name: string): string => `<!-- fig:${name} -->`;
const CLOSE = (name: string): string => `<!-- /fig:${name} -->`;

/** The names of the blocks in `text`, in order. */
export function blockNames(text: string): string[] {
  return [...text.matchAll(/<!-- fig:([a-z0-9-]+) -->/g)].map((m) => m[1]!);
}

/** `text` with each named block's contents replaced; a block missing from the text, or one with no value, is an error value. */
export function replaceBlocks(text: string, values: Readonly<Record<string, string>>): { ok: true; text: string } | { ok: false; error: string } {
  let out = text;
  for (const name of blockNames(text)) {
    const value = values[name];
    if (value === undefined) return { ok: false, error: `block '${name}' has no generator` };
    const start = out.indexOf(OPEN(name));
    const end = out.indexOf(CLOSE(name), start);
    if (end < 0) return { ok: false, error: `block '${name}' is not closed (${CLOSE(name)})` };
    out = out.slice(0, start + OPEN(name).length) + value + out.slice(end);
  }
  return { ok: true, text: out };
}
