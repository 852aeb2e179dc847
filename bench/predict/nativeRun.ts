/**
 * The honest native (issue 14, item 4), measured: the recorded program run
 * again without strace, RUNS times, through a small getrusage wrapper built
 * here (`nativeRun.c`): wall time and minor faults of it and its children.
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { runFile, whyFailed, withBuilt } from './buildC.ts';

const NativeRunOutput = t.type({
  runner: t.literal('vmspec-native-run'),
  version: t.literal(1),
  runs: t.array(t.type({ wallUs: t.number, minorFaults: t.number, majorFaults: t.number, userUs: t.number, systemUs: t.number, exit: t.number })),
});

/** The runs of the program without strace. */
export interface NativeRuns {
  readonly command: string;
  readonly wallUs: readonly number[];
  readonly minorFaults: readonly number[];
}

/** Runs `sh -c command` `runs` times natively; a failing command (non-zero exit) is an error value. */
export async function measureNative(command: string, runs: number, cc: string): Promise<{ ok: true; value: NativeRuns } | { ok: false; error: string }> {
  return withBuilt('nativeRun.c', cc, async (binary) => {
    const ran = await runFile(binary, [String(runs), 'sh', '-c', command], 30 * 60_000);
    if (ran.code !== 0) return { ok: false, error: `rerunning '${command}' failed: ${whyFailed(ran)}` };
    let json: unknown;
    try {
      json = JSON.parse(ran.stdout);
    } catch {
      return { ok: false, error: `the native runner printed no JSON for '${command}'` };
    }
    const decoded = NativeRunOutput.decode(json);
    if (isLeft(decoded)) return { ok: false, error: `the native runner's output does not match its format` };
    const failed = decoded.right.runs.find((r) => r.exit !== 0);
    if (failed !== undefined) return { ok: false, error: `'${command}' exited ${failed.exit} when rerun without strace` };
    return { ok: true, value: { command, wallUs: decoded.right.runs.map((r) => r.wallUs), minorFaults: decoded.right.runs.map((r) => r.minorFaults) } };
  });
}
