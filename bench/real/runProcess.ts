/**
 * Runs a host program to completion with a deadline, collecting its output.
 * On the deadline it kills the program and every descendant (found through
 * /proc, by pid: UML's stubs are its children and grandchildren, and a killed
 * strace would leave UML running detached).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** How a run ended. */
export interface RunOutcome {
  /** The exit code, or null when killed by a signal or never started. */
  readonly code: number | null;
  /** The signal that ended it, if one did. */
  readonly signal: string | null;
  /** Why it could not be started (`ENOENT`, …), else null. */
  readonly spawnError: string | null;
  readonly timedOut: boolean;
  /** Standard output and error, interleaved as they came (the last `maxOutput` characters). */
  readonly output: string;
  readonly wallMs: number;
}

/** The live descendants of `pid` (children of all its threads, recursively). */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    let children = '';
    try {
      children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const child of children.split(' ').filter((c) => c !== '').map(Number)) found.push(child, ...descendants(child));
  }
  return found;
}

function killTree(pid: number): void {
  for (const victim of [pid, ...descendants(pid)]) {
    try {
      process.kill(victim, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Runs `file args` with stdin closed; kills it (and its descendants) after `timeoutMs`. */
export function runProcess(file: string, args: readonly string[], timeoutMs: number, maxOutput = 1 << 20): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    let spawnError: string | null = null;
    const take = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > 2 * maxOutput) output = output.slice(-maxOutput);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killTree(child.pid);
    }, timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code ?? error.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, spawnError, timedOut, output: output.slice(-maxOutput), wallMs: performance.now() - started });
    });
  });
}
