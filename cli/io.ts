/**
 * The one interface every CLI command talks through: text out, text err,
 * exit code back. Commands never call `process.exit` or print directly, so
 * transcript tests can run them in-process.
 */

/** Where a command writes. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
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

/** The io of the running process. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};
