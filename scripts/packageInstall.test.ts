/**
 * The package as a user gets it: `npm pack` (which builds dist/ through
 * `prepack`), then the tarball installed into an empty project (a plain
 * `npm init`-style package.json, CommonJS by default) and used from plain
 * `node`: ESM imports of every public entry point, a trace recorded and
 * checked from code, the `.d.ts` type-checked by the consumer's own `tsc`, the
 * bin run locally, through `npx` and from a global install, and a `.ts`
 * plug-in of the consumer's own verified from another working directory.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../traces/internal/tempDir.ts';

const repo = new URL('..', import.meta.url).pathname;
const scratch = scratchDir('install');
// `npm pack` builds dist/ in the repository; remove it again unless it was there before.
const distBefore = existsSync(join(repo, 'dist'));
afterAll(() => {
  scratch.remove();
  if (!distBefore) rmSync(join(repo, 'dist'), { recursive: true, force: true });
});
const project = join(scratch.path, 'consumer');
const globalPrefix = join(scratch.path, 'global');

/** The environment without npm's lifecycle variables, so the nested npm behaves as a user's would. */
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

/** Runs a command; when it fails, the error carries what it printed. */
function run(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${stdout ?? ''}${stderr ?? ''}`);
  }
}

let tarball = '';
let packed: readonly string[] = [];

beforeAll(() => {
  const report = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch.path], repo)) as { filename: string; files: { path: string }[] }[];
  tarball = join(scratch.path, report[0]!.filename);
  packed = report[0]!.files.map((f) => f.path);
  cpSync(join(repo, 'examples/systrap.ts'), join(project, 'plugins/systrap.ts'));
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], project);
}, 300_000);

describe('npm pack', () => {
  it('ships the compiled package, its bin and licence, and no tests, sources or CI files', () => {
    expect(packed).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/vmspec.js', 'dist/index.js', 'dist/index.d.ts', 'dist/plugins/verifyWorker.mjs', 'dist/cli/jobWorker.mjs']));
    for (const sub of ['spec', 'traces', 'properties', 'plugins']) expect(packed).toContain(`dist/${sub}/index.js`);
    expect(packed.filter((p) => /\.test\.|\.ci\/|(?<!\.d)\.ts$|node_modules|fixtures/.test(p))).toEqual([]);
  });
});

describe('installed into an empty project', () => {
  it('every entry point imports from plain node, and a trace recorded from code is checked from code', () => {
    writeFileSync(join(project, 'use.mjs'), [
      "import { PRESETS, runWorkload, nullSyscallLoop, variantName, defineVariant } from 'vmspec';",
      "import { writeTrace, conformFile } from 'vmspec/traces';",
      "import { EMULATOR_PROPERTIES, variantSubject, emulatorTraceHeader } from 'vmspec/properties';",
      "import { loadPlugin } from 'vmspec/plugins';",
      "import { specOf } from 'vmspec/spec';",
      "const variant = PRESETS['+multi-as'];",
      'const result = runWorkload(nullSyscallLoop(2), { variant, seed: 1, trace: true });',
      "const written = await writeTrace('null.ndjson', emulatorTraceHeader(variant, result, 'null-syscall', 1), result.trace);",
      "const verdict = await conformFile('null.ndjson');",
      "const isolation = EMULATOR_PROPERTIES.find((p) => p.name === 'isolation').check({ subject: variantSubject(variant), runs: 5, seed: 1 });",
      "const plugin = await loadPlugin('plugins/systrap.ts');",
      'console.log(JSON.stringify({ written: written.ok, verdict: verdict.kind, isolation: isolation.ok, variant: variantName(variant),',
      '  plugin: plugin.ok && plugin.plugin.name, define: typeof defineVariant, spec: typeof specOf }));',
    ].join('\n'));
    expect(JSON.parse(run('node', ['use.mjs'], project))).toEqual({
      written: true, verdict: 'conforms', isolation: true, variant: 'kernel-module/segment-bounds/multi-as', plugin: 'systrap', define: 'function', spec: 'function',
    });
  });

  it("the .d.ts type-check under the consumer's tsc (strict, nodenext, no skipLibCheck), and catch a wrong use", () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, types: [] }, files: ['typed.mts'],
    }));
    const typed = [
      "import { PRESETS, runWorkload, nullSyscallLoop, type Variant, type RunResult } from 'vmspec';",
      "import { conformFile, type Verdict } from 'vmspec/traces';",
      "import { ALL_PROPERTIES, type PropertyVerdict } from 'vmspec/properties';",
      "import { runVerify, type VerifyOutcome } from 'vmspec/plugins';",
      "import { parseVariant } from 'vmspec/spec';",
      "const variant: Variant = PRESETS['umlinux'];",
      'const result: RunResult = runWorkload(nullSyscallLoop(1), { variant, seed: 1 });',
      "const verdict: Promise<Verdict> = conformFile('x.ndjson');",
      "const first: PropertyVerdict | undefined = ALL_PROPERTIES[0]?.check({ subject: { name: 'x', variant, spec: parseVariant('umlinux').ok ? {} as never : {} as never }, runs: 1, seed: 1 });",
      'const verify: typeof runVerify = runVerify;',
      'export { result, verdict, first, verify };',
      'export type { VerifyOutcome };',
    ];
    writeFileSync(join(project, 'typed.mts'), typed.join('\n'));
    expect(run('node', [tsc, '-p', '.'], project)).toBe('');
    writeFileSync(join(project, 'typed.mts'), [...typed, "const wrong: number = PRESETS['umlinux'];", 'export { wrong };'].join('\n'));
    expect(() => run('node', [tsc, '-p', '.'], project)).toThrow(/typed\.mts\(13,7\): error TS2322/);
  }, 240_000); // two whole-package type-checks without skipLibCheck: over a minute on a busy 2-core machine

  it('the bin runs from node_modules/.bin, through npx, and verifies a .ts plug-in of a CommonJS project from another folder', () => {
    const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
    expect(run(join(project, 'node_modules/.bin/vmspec'), ['--version'], project).trim()).toBe(version);
    expect(run('npx', ['--no-install', 'vmspec', '--version'], project).trim()).toBe(version);
    const verified = run(join(project, 'node_modules/.bin/vmspec'), ['verify', join(project, 'plugins/systrap.ts'), '--runs', '3', '--seed', '1', '--workers', '2'], scratch.path);
    expect(verified).toMatch(/verdict: systrap passes/);
  });

  it('the bin runs from a global install', () => {
    run('npm', ['install', '--global', '--prefix', globalPrefix, '--no-audit', '--no-fund', '--prefer-offline', tarball], scratch.path);
    // Two subjects on two workers: a worker thread of the installed package starts (dist/cli/jobWorker.mjs).
    const check = ['check', '--property', 'spec-paper-paths', '--variant', 'umlinux', '--variant', '+multi-as', '--runs', '1', '--seed', '1', '--workers', '2'];
    expect(run(join(globalPrefix, 'bin/vmspec'), check, scratch.path)).toMatch(/2 checks passed, 0 failed/);
  });
});
