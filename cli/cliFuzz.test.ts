/**
 * The command line as a whole, from the registry (so a new command or option
 * is covered with no change here): every command and subcommand answers
 * `--help`, `-h` and `help NAME`; and over commands × options × bad values,
 * and unknown options and stray arguments, no input gives a stack trace or an
 * internal error (exit 70), and every refusal is one line on stderr (exit 2).
 * The README's command table is the registry's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../traces/internal/tempDir.ts';
import type { CliCommand } from './commandSpec.ts';
import { captureIo } from './io.ts';
import { COMMANDS, commandTable, main } from './main.ts';

const scratch = scratchDir('fuzz');
afterAll(() => scratch.remove());
const previousCc = process.env['VMSPEC_CC'];
// calibrate with a valid value would compile and run the host probe: "no compiler" is its quick path.
beforeAll(() => void (process.env['VMSPEC_CC'] = 'false'));
afterAll(() => (previousCc === undefined ? delete process.env['VMSPEC_CC'] : void (process.env['VMSPEC_CC'] = previousCc)));

async function vmspec(argv: readonly string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** Every command and subcommand, with the words that name it. */
const ALL: readonly (readonly [string, CliCommand])[] = COMMANDS.flatMap((c) => [
  [c.spec.name, c] as const,
  ...(c.spec.subcommands ?? []).map((s) => [`${c.spec.name} ${s.spec.name}`, s] as const),
]);

/**
 * Arguments that make a valid run of each command cheap, so a fuzzed value
 * that happens to be valid runs little (a missing file where that ends it).
 */
const CHEAP: Readonly<Record<string, readonly string[]>> = {
  check: ['--variant', 'umlinux', '--property', 'isolation', '--runs', '1', '--workers', '1'],
  mutants: ['--mutant', 'forgets-reprotect', '--runs', '1', '--workers', '1'],
  verify: ['no-such-plugin.ts'],
  replay: ['no-such.replay.json'],
  conform: ['traces/golden/umlinux-null-syscall.ndjson'],
  show: ['traces/golden/umlinux-null-syscall.ndjson'],
  record: ['null-syscall'],
  merge: ['no-such-report.json'],
  export: ['--itf', 'no-such-trace.ndjson'],
  diagram: ['guest-cpu'],
  bench: ['no-such-bench'],
};
/**
 * Options whose value is a path to write: pointed into the scratch folder, then fuzzed with unwritable ones only
 * (`real setup --prefix`: a writable one would install a kernel there).
 */
const WRITES = new Set(['--out', '--trace', '--golden', '--prefix', '--svg']);

const BAD_VALUES = ['', 'garbage', '-1', '0', '1.5', '1e3', '99999999999999999999', '99:99', '1/0', '0/2', '3/2', 'x'.repeat(2000), '--', '-h', '../', 'ünïcödé'];
const UNWRITABLE = ['/dev/null/x', ''];

const noStackTrace = (text: string): boolean => !/\n\s+at .+[:(]\d+/.test(text) && !/^\s+at /m.test(text);

function cases(): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const [name, command] of ALL) {
    const words = name.split(' ');
    const base = [...words, ...(CHEAP[name] ?? []), ...(name === 'bench paper' ? ['--out', join(scratch.path, 'paper')] : [])];
    const withOut = (extra: string[]) => (command.spec.options.some((o) => o.flag === '--out') && !extra.includes('--out') ? [...extra, '--out', join(scratch.path, `${words.join('-')}-out`)] : extra);
    for (const option of command.spec.options) {
      if (option.flag === '--list') continue;
      if (!option.value) {
        out.push([`${name} ${option.flag}=x`, [...words, `${option.flag}=x`]]);
        continue;
      }
      const values = WRITES.has(option.flag) ? UNWRITABLE : BAD_VALUES;
      for (const value of values) out.push([`${name} ${option.flag} ${JSON.stringify(value.slice(0, 20))}`, withOut([...base, option.flag, value])]);
      out.push([`${name} ${option.flag} (no value)`, [...base, option.flag]]);
    }
    for (const extra of [['--nope'], ['-x'], ['--=x'], ['stray', 'arguments', 'here'], ['--', '--help']]) out.push([`${name} ${extra.join(' ')}`, withOut([...base, ...extra])]);
  }
  return out;
}

describe('every command answers --help', () => {
  it.each(ALL)('%s', async (name, command) => {
    const words = name.split(' ');
    for (const argv of [[...words, '--help'], [...words, '-h'], ['help', ...words]]) {
      const r = await vmspec(argv);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: vmspec ${name} `));
      for (const option of command.spec.options) expect(r.stdout).toContain(option.flag);
      if (command.spec.examples.length > 0) expect(r.stdout).toMatch(/\nExamples:\n {2}vmspec /);
    }
  });

  it('vmspec, -h, help, --version, -v', async () => {
    expect((await vmspec(['--help'])).stdout).toMatch(/^ {2}check {2,}/m);
    expect((await vmspec(['-h'])).code).toBe(0);
    expect((await vmspec(['help'])).code).toBe(0);
    expect((await vmspec([])).code).toBe(2);
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-v', '-V']) expect((await vmspec([flag])).stdout).toBe(`${version}\n`);
    const typo = await vmspec(['help', 'chek']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^vmspec: unknown command 'chek' \(did you mean 'check'\?/);
  });
});

describe('bad input never gives a stack trace or an internal error', () => {
  const all = cases();
  it('covers every command', () => expect(new Set(all.map(([label]) => label.split(' ')[0]))).toEqual(new Set(COMMANDS.map((c) => c.spec.name))));

  it.each(all)('%s', async (_, argv) => {
    const r = await vmspec(argv);
    expect(r.code, `${argv.join(' ')}\n${r.stderr}`).not.toBe(70);
    expect(noStackTrace(r.stdout + r.stderr), r.stderr).toBe(true);
    // One line, or one per file argument (conform judges each file it is given).
    const files = argv.filter((a) => !a.startsWith('-')).length;
    if (r.code === 2) expect(r.stderr.trimEnd().split('\n').length, r.stderr).toBeLessThanOrEqual(argv[0] === 'conform' ? files : 1);
  }, 60_000);
});

describe('the README', () => {
  it("has the registry's command table", () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = /<!-- commands[^>]*-->\n([\s\S]*?)\n<!-- \/commands -->/.exec(readme)?.[1];
    expect(table, 'README.md has no <!-- commands --> block').toBeDefined();
    expect(table).toBe(commandTable());
  });
});
