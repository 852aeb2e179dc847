/**
 * Builds a small C helper of `vmspec predict` (the native runner, the strace-overhead loop) with the system
 * compiler into a temporary directory and runs it; nothing is committed or cached. Failures are values.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstLine, runFile, type Ran } from '../probe/runFile.ts';

export { runFile };

/** Builds `source` (a file beside this one) with `cc`, hands the binary to `use`, removes it after. */
export async function withBuilt<T>(
  source: string,
  cc: string,
  use: (binary: string) => Promise<{ ok: true; value: T } | { ok: false; error: string }>,
): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'vmspec-predict-'));
  try {
    const binary = join(dir, source.replace(/\.c$/, ''));
    const built = await runFile(cc, ['-O2', '-std=gnu11', '-o', binary, fileURLToPath(new URL(`./${source}`, import.meta.url))], 120_000);
    if (built.spawnError !== null) return { ok: false, error: `no C compiler: '${cc}' could not be run (${built.spawnError})` };
    if (built.code !== 0) return { ok: false, error: `'${cc}' could not build ${source}: ${firstLine(built.stderr) || `exit ${built.code ?? 'signal'}`}` };
    return await use(binary);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The first line of a failed run's stderr, or its exit. */
export function whyFailed(ran: Ran): string {
  return firstLine(ran.stderr) || (ran.spawnError ?? `exit ${ran.code ?? 'by signal or timeout'}`);
}
