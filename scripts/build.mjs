// `npm run build`: compiles the package to dist/ (ESM JavaScript and .d.ts, from tsconfig.build.json)
// and copies the files the compiled code reads beside it. Run by `prepack`, so `npm pack` ships dist/.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Files read at run time by path (not imported), source path → the same path under dist/. */
export const ASSETS = [
  'plugins/verifyWorker.mjs',
  'cli/jobWorker.mjs',
  'bench/probe/defaultCalibration.json',
  'bench/probe/hostProbe.c',
  'bench/probe/hostProbePtrace.h',
  'bench/strace/logs',
];

rmSync(new URL('dist', root), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
for (const path of ASSETS) cpSync(new URL(path, root), new URL(`dist/${path}`, root), { recursive: true });
