/**
 * Builds the C host probe with the system compiler into a temporary directory
 * and runs it. No binary is ever committed or cached: every run compiles from
 * `hostProbe.c`. Failure to compile or run is a value naming the cause.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLeft } from 'fp-ts/lib/Either.js';
import { firstFailure, formatFailure } from '../../traces/index.ts';
import { ProbeOutput } from './probeOutput.ts';
import { firstLine, runFile as run } from './runFile.ts';

/** The probe's C source (it includes `hostProbePtrace.h` beside it). */
export const PROBE_SOURCE = fileURLToPath(new URL('./hostProbe.c', import.meta.url));

/** How to build and run the probe. */
export interface ProbeOptions {
  /** The C compiler command (default: `$VMSPEC_CC`, else `cc`). */
  readonly cc: string;
  /** Samples per figure. */
  readonly reps: number;
  /** Upper bound on the operations timed per sample (small for quick runs). */
  readonly batchCap?: number;
  /** Kills the probe after this long (ms). */
  readonly timeoutMs?: number;
}

/** Why no measurement came back: no compiler, a compile error, or the probe failing. */
export type ProbeFailure =
  | { readonly kind: 'no-compiler'; readonly message: string }
  | { readonly kind: 'compile-failed'; readonly message: string }
  | { readonly kind: 'probe-failed'; readonly message: string };

/** Compiles and runs the probe; its decoded output, or why there is none. */
export async function runProbe(options: ProbeOptions): Promise<{ ok: true; output: ProbeOutput } | { ok: false; failure: ProbeFailure }> {
  const dir = await mkdtemp(join(tmpdir(), 'vmspec-probe-'));
  try {
    const binary = join(dir, 'hostProbe');
    const built = await run(options.cc, ['-O2', '-std=gnu11', '-o', binary, PROBE_SOURCE], 120_000);
    if (built.spawnError !== null) return { ok: false, failure: { kind: 'no-compiler', message: `no C compiler: '${options.cc}' could not be run (${built.spawnError})` } };
    if (built.code !== 0) return { ok: false, failure: { kind: 'compile-failed', message: `'${options.cc}' could not build the probe: ${firstLine(built.stderr) || `exit ${built.code ?? 'signal'}`}` } };
    const args = ['--reps', String(options.reps), ...(options.batchCap === undefined ? [] : ['--batch', String(options.batchCap)])];
    const ran = await run(binary, args, options.timeoutMs ?? 600_000);
    if (ran.code !== 0) return { ok: false, failure: { kind: 'probe-failed', message: `the probe failed (exit ${ran.code ?? 'by signal or timeout'}): ${firstLine(ran.stderr) || 'no message'}` } };
    let json: unknown;
    try {
      json = JSON.parse(ran.stdout);
    } catch (error) {
      return { ok: false, failure: { kind: 'probe-failed', message: `the probe printed invalid JSON: ${error instanceof Error ? error.message : String(error)}` } };
    }
    const decoded = ProbeOutput.decode(json);
    if (isLeft(decoded)) return { ok: false, failure: { kind: 'probe-failed', message: `the probe's output does not match its format: ${formatFailure(firstFailure(decoded.left))}` } };
    return { ok: true, output: decoded.right };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
