/**
 * What strace adds to each syscall it traces, on this host (issue 14, item 4):
 * a getppid loop timed by itself, natively and under `strace -f -tt -T` (to
 * /dev/null), per call. The converter takes it off the recorded times.
 */
import { runFile, whyFailed, withBuilt } from './buildC.ts';

/** Calls in the timed loop. */
export const LOOP_CALLS = 20_000;

/** ns per traced syscall strace added, per repetition. */
export async function measureStraceOverhead(repeats: number, cc: string): Promise<{ ok: true; value: readonly number[] } | { ok: false; error: string }> {
  return withBuilt('syscallLoop.c', cc, async (binary) => {
    const added: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const plain = await runFile(binary, [String(LOOP_CALLS)], 60_000);
      if (plain.code !== 0) return { ok: false, error: `the syscall loop failed: ${whyFailed(plain)}` };
      const traced = await runFile('strace', ['-f', '-tt', '-T', '-o', '/dev/null', binary, String(LOOP_CALLS)], 120_000);
      if (traced.spawnError !== null) return { ok: false, error: `strace could not be run (${traced.spawnError})` };
      if (traced.code !== 0) return { ok: false, error: `the syscall loop under strace failed: ${whyFailed(traced)}` };
      added.push(Math.max(0, Number(traced.stdout.trim()) - Number(plain.stdout.trim())));
    }
    return { ok: true, value: added };
  });
}
