/**
 * Runs a program built at run time (the host probe, predict's helpers) with a
 * deadline and collects its output; never throws: a program that cannot be
 * started, fails or times out comes back as a value.
 */
import { execFile } from 'node:child_process';

/** How a child process ended. */
export interface Ran {
  /** The exit code, 0 on success, null when killed (signal or timeout) or never started. */
  readonly code: number | null;
  /** Why it could not be started (`ENOENT`, …), else null. */
  readonly spawnError: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `file` with `args`, killed after `timeoutMs`. */
export function runFile(file: string, args: readonly string[], timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      const spawnError = error !== null && typeof error.code === 'string' ? error.code : null;
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, spawnError, stdout, stderr });
    });
  });
}

/** The first line of a text (a compiler's or program's first complaint). */
export const firstLine = (text: string): string => text.trim().split('\n')[0] ?? '';
