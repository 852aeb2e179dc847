/**
 * Reads a file argument as text, where `-` means standard input; an error is
 * one line naming the file.
 */
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { errorCode } from '../traces/index.ts';

/** The text of `path` (`-`: stdin). */
export async function readInput(path: string): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  try {
    return { ok: true, text: path === '-' ? await text(process.stdin) : await readFile(path, 'utf8') };
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, error: `${path === '-' ? 'standard input' : path}: cannot read (${code})` };
  }
}
