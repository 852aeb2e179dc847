/**
 * A scratch directory for tests that write trace files, removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the system temp dir, and a function that removes it. */
export function scratchDir(prefix: string): { readonly path: string; readonly remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `vmspec-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
