/**
 * The one interface every CLI command talks through: text out, text err,
 * exit code back. Commands never call `process.exit` or print directly, so
 * transcript tests can run them in-process.
 */
import { writeFile } from 'node:fs/promises';
import { errorCode } from '../traces/index.ts';

/** Where a command writes. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The width of the terminal, when output goes to one (tables fit it). */
  readonly columns?: number;
  /** True when output may be coloured (a terminal, and NO_COLOR unset). */
  readonly color?: boolean;
  /** True when stdout is a terminal: progress lines move in place. */
  readonly tty?: boolean;
  /** How the user ran vmspec (`vmspec`, `npx vmspec`, `node bin/vmspec.js`), for the commands it prints to replay. */
  readonly invocation?: string;
}

/** A command: arguments after its name in, exit code out (0 ok, 1 a check failed, 2 bad input). */
export type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

/** An io that collects what a command writes (for tests). */
export function captureIo(): CliIo & { readonly stdout: () => string; readonly stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

/** The io of the running process, invoked as `invocation`. */
export function processIo(invocation: string): CliIo {
  const tty = process.stdout.isTTY === true;
  const noColor = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    ...(tty ? { columns: process.stdout.columns } : {}),
    color: tty && !noColor && process.env['TERM'] !== 'dumb',
    tty,
    invocation,
  };
}

/** The replay prefix of `io` (`node bin/vmspec.js` when not told: a clone's form). */
export const invocationOf = (io: CliIo): string => io.invocation ?? 'node bin/vmspec.js';

/** Runs `command` on `argv` with captured output: its exit code and what it wrote (for transcript tests). */
export async function runCaptured(command: Command, argv: readonly string[]): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }> {
  const io = captureIo();
  const code = await command(argv, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** Prints `text` when `path` is undefined, else writes it there; the one-line error when it cannot be written. */
export async function printOrWrite(io: CliIo, path: string | undefined, text: string): Promise<string | null> {
  if (path === undefined) {
    io.out(text);
    return null;
  }
  try {
    await writeFile(path, text);
    return null;
  } catch (error) {
    return `cannot write '${path}' (${errorCode(error)})`;
  }
}
