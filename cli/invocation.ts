/**
 * How the user ran `vmspec`, so that the commands it prints (replay a
 * failure, replay a counterexample) can be pasted back as they are: `npx
 * vmspec` under npx, `vmspec` when the command on PATH is this one, else
 * `node` and the script's path as seen from the working directory.
 */
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative } from 'node:path';

/** What the answer depends on (the process's, by default). */
export interface InvocationContext {
  readonly script: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const real = (path: string): string | undefined => {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
};

/** The `vmspec` found on PATH, if any, resolved to its real file. */
function onPath(env: InvocationContext['env']): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'vmspec');
    if (existsSync(candidate)) return real(candidate);
  }
  return undefined;
}

/** The prefix that runs vmspec again the way it was run. */
export function invocation({ script, cwd, env }: InvocationContext): string {
  if (env['npm_command'] === 'exec') return 'npx vmspec';
  const file = real(script) ?? script;
  if (onPath(env) === file) return 'vmspec';
  if (file.split(/[\\/]/).includes('node_modules')) return 'npx vmspec';
  const shown = relative(cwd, script);
  return `node ${shown.startsWith('..') || isAbsolute(shown) ? script : shown}`;
}
