/**
 * CLI transcripts: exit code, stdout and stderr of the `vmspec` command run
 * in-process, for good and bad input.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SPEC_COMPONENTS } from '../spec/index.ts';
import { diagramFileName, diagramIndex, diagramPage } from './diagramCommand.ts';
import { captureIo } from './io.ts';
import { main } from './main.ts';

async function vmspec(...argv: string[]) {
  return vmspecAt(undefined, ...argv);
}

/** vmspec on a terminal `columns` wide (undefined: piped). */
async function vmspecAt(columns: number | undefined, ...argv: string[]) {
  const io = columns === undefined ? captureIo() : { ...captureIo(), columns };
  const code = await main(argv, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

const oneLine = (text: string) => text.trimEnd().split('\n').length === 1;

describe('vmspec', () => {
  it('prints help, and asks for a command when given none', async () => {
    const help = await vmspec('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}check {2,}run the property suites/m);
    expect((await vmspec()).code).toBe(2);
  });

  it('refuses an unknown command in one line', async () => {
    const r = await vmspec('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vmspec: unknown command 'frobnicate'/);
    expect(oneLine(r.stderr)).toBe(true);
  });

  it.each([
    [['--variant', 'vmware'], /unknown variant 'vmware'/],
    [['--variant', 'kernel-module/paging/remap'], /unknown protection 'paging'/],
    [['--property', 'nope'], /unknown property 'nope'/],
    [['--runs', 'many'], /'--runs' needs a whole number/],
    [['--runs', '0'], /at least 1/],
    [['--seed', '1.5'], /seed must be an integer/],
    [['--bogus'], /unknown option '--bogus'/],
    [['--runs'], /option '--runs <N>' argument missing/],
    [['extra'], /unexpected argument 'extra'/],
  ])('check %j exits 2 with a one-line error', async (argv, message) => {
    const r = await vmspec('check', ...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('check runs the properties on a variant and ends with a table and a count', async () => {
    const r = await vmspecAt(200, 'check', '--variant', 'umlinux', '--variant', '+multi-as', '--runs', '5', '--seed', '7');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/seed 7/);
    expect(r.stdout).toMatch(/^subject\s+integrity\s+isolation\s+noninterference\s+equivalence\s+conformance\s+refinement\s+cost-claims\s+spec-paper-paths$/m);
    expect(r.stdout).toMatch(/^\+multi-as\s+pass/m);
    expect(r.stdout).toMatch(/16 checks passed, 0 failed/);
    expect(r.stdout).not.toMatch(/spec-compiled-agrees|spec-faithful|spec-null-syscall-rigid/);
    expect(r.stdout).toMatch(/What "pass" means/);
  });

  it('check --json gives one document naming each variant, real skas0 in both stub modes among them, and property', async () => {
    const r = await vmspec('check', '--runs', '2', '--seed', '3', '--json', '--property', 'spec-paper-paths');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { results: { subject: string; property: string; verdict: { ok: boolean } }[] };
    expect(doc.results.every((x) => x.verdict.ok)).toBe(true);
    expect(doc.results).toHaveLength(18);
    expect(new Set(doc.results.map((x) => x.subject)).size).toBe(18);
    expect(doc.results.map((x) => x.subject)).toContain('ptrace-sysemu/separate-kernel/stub-processes');
    expect(doc.results.map((x) => x.subject)).toContain('seccomp-stub/separate-kernel/stub-processes');
    expect(doc.results.every((x) => x.property === 'spec-paper-paths' && x.verdict.ok)).toBe(true);
  });

  it('check --variant skas0 runs every property that applies and says why the others are n/a', async () => {
    const r = await vmspec('check', '--variant', 'skas0', '--runs', '3', '--seed', '5', '--json', '--property', 'conformance', '--property', 'cost-claims', '--property', 'spec-paper-paths');
    expect([r.code, r.stderr]).toEqual([0, '']);
    const doc = JSON.parse(r.stdout) as { results: { property: string; verdict: { ok: boolean } }[]; notApplicable: { property: string; reason: string }[] };
    expect(doc.results.map((x) => [x.property, x.verdict.ok])).toEqual([['conformance', true], ['spec-paper-paths', true]]);
    expect(doc.notApplicable).toEqual([{ subject: 'skas0', property: 'cost-claims', reason: expect.stringMatching(/outside the paper's lattice/) }]);
    const text = await vmspec('check', '--variant', 'skas0', '--runs', '3', '--seed', '5', '--property', 'cost-claims', '--property', 'spec-paper-paths');
    expect(text.stdout).toMatch(/^n\/a: cost-claims on skas0: skas0 is outside/m);
    const junit = await vmspec('check', '--variant', 'skas0', '--runs', '3', '--seed', '5', '--property', 'cost-claims', '--property', 'spec-paper-paths', '--reporter', 'junit');
    expect(junit.stdout).toMatch(/tests="2" failures="0" errors="0" skipped="1"/);
    expect(junit.stdout).toMatch(/name="cost-claims" time="0">\n\s+<skipped message="skas0 is outside the paper's lattice/);
  });

  it('diagram lists machines, prints one, refuses an unknown one', async () => {
    const list = await vmspec('diagram', '--list');
    expect(list.stdout.trim().split('\n')).toEqual(SPEC_COMPONENTS.map((c) => c.name));
    const cpu = await vmspec('diagram', 'guest-cpu');
    expect(cpu.code).toBe(0);
    expect(cpu.stdout).toMatch(/^%% guest-cpu\nstateDiagram-v2\n/);
    expect(cpu.stdout).toMatch(/user --> kernel : guest\.syscall/);
    const plugin = await vmspec('diagram', '--plugin', 'examples/systrap.ts');
    expect(plugin.code).toBe(0);
    expect(plugin.stdout).toMatch(/^%% mediation\/systrap\nstateDiagram-v2\n/);
    expect((await vmspec('diagram', '--plugin', 'examples/broken-lazy-reprotect.ts')).stderr).toMatch(/has no spec machines of its own \(its traces are judged by the standard mediation\/kernel-module, protection\/mprotect it names and its base's;/);
    const bad = await vmspec('diagram', 'cpu');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown machine 'cpu'/);
  });

  it('the committed diagrams in docs/diagrams are up to date', async () => {
    const dir = new URL('../docs/diagrams/', import.meta.url);
    expect(await readFile(new URL('README.md', dir), 'utf8')).toBe(diagramIndex());
    for (const c of SPEC_COMPONENTS) expect(await readFile(new URL(diagramFileName(c), dir), 'utf8')).toBe(diagramPage(c));
  });

  it('bench refuses an unknown benchmark', async () => {
    const r = await vmspec('bench', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown benchmark 'nope'/);
  });
});

describe('vmspec check on a mutant', () => {
  it('fails, prints the counterexample and a replay command that reproduces it', async () => {
    const r = await vmspec('check', '--mutant', 'forgets-reprotect', '--property', 'isolation', '--runs', '50', '--seed', '3');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL isolation on mutant:forgets-reprotect/);
    // A long replay command is wrapped with shell continuations (` \` at a line's end).
    const replay = /replay: node bin\/vmspec\.js (.*)$/m.exec(r.stdout.replace(/ \\\n\s*/g, ' '))?.[1];
    expect(replay).toBeDefined();
    const argv = replay!.match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'|'$/g, ''));
    const again = await vmspec(...argv);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/error: 1 guest user-mode access\(es\) to the guest-kernel region succeeded/);
  });

  it('refuses an unknown mutant', async () => {
    const r = await vmspec('check', '--mutant', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown mutant 'nope'/);
  });
});
