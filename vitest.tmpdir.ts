/**
 * vitest global set-up: every test process gets one private temporary folder
 * (TMPDIR, which os.tmpdir() reads), removed when the run ends, so a test run
 * leaves nothing behind in the system's temp folder even when a test forgets
 * or fails before its own clean-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env['TMPDIR'];
  const dir = mkdtempSync(join(tmpdir(), 'vmspec-test-run-'));
  process.env['TMPDIR'] = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
  };
}
