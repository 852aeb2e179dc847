/**
 * check's text report fits the terminal and says only what the run showed:
 * no line wider than 80 or 100 columns (the compact matrix replaces the wide
 * table), a footer naming just the properties that ran, and after a failure
 * a failure summary instead of what "pass" means.
 */
import { describe, expect, it } from 'vitest';
import { ALL_PROPERTIES } from '../properties/index.ts';
import { allVariants, variantName } from '../spec/index.ts';
import type { CheckReport, CheckResult } from './checkReport.ts';
import { addressesInHex, checkText, shellLines } from './checkText.ts';
import { captureIo } from './io.ts';
import { main } from './main.ts';
import { visibleLength } from './wrap.ts';

const SUBJECTS = allVariants().map((v) => ({ name: variantName(v), select: `--variant ${variantName(v)}` }));
const PROPERTIES = ALL_PROPERTIES.filter((p) => !p.slow).map((p) => p.name);
const LONG_REPLAY = `node bin/vmspec.js check --variant ${SUBJECTS[15]!.name} --property isolation --runs 300 --seed 494749020 --path '12:0:3:1:1:0:0:2'`;

function report(properties: readonly string[], failed: (subject: string, property: string) => boolean = () => false): CheckReport {
  const results = SUBJECTS.flatMap((s, i) => properties.map((property, j): CheckResult => ({
    job: i * properties.length + j, subject: s.name, property, ms: 1234, replay: failed(s.name, property) ? LONG_REPLAY : undefined,
    verdict: failed(s.name, property)
      ? { ok: false, runs: 7, seed: 494749020, path: '12:0:3', error: `1 guest user-mode access(es) to the guest-kernel region succeeded (first at 0x70000000) ${'and more '.repeat(12)}`, counterexample: `4 instructions: ${JSON.stringify({ workload: { programs: Array.from({ length: 80 }, (_, k) => ({ op: 'store', addr: 0x7000_0000 + k })) } })}` }
      : { ok: true, runs: 300 },
  })));
  return { format: 'vmspec-check-report', version: 1, seed: 42, runs: 300, subjects: SUBJECTS, properties, jobs: results.length, shard: null, results, notApplicable: [], seconds: 46.6 };
}

const at = (columns: number) => ({ ...captureIo(), columns });
const widest = (text: string): number => Math.max(...text.split('\n').map(visibleLength));

describe('checkText', () => {
  it.each([80, 100])('fits %i columns with the compact matrix, one line per subject', (columns) => {
    const text = checkText(report(PROPERTIES), at(columns));
    expect(widest(text)).toBeLessThanOrEqual(columns);
    expect(text).toMatch(/^a b c d e f g h {2}time {2}subject$/m);
    expect(text.split('\n').filter((l) => /^(✓ ){7}✓/.test(l))).toHaveLength(SUBJECTS.length);
    expect(text.split('\n').length).toBeLessThan(60);
  });

  it('keeps the wide table with its times on a terminal wide enough', () => {
    const text = checkText(report(PROPERTIES), at(200));
    expect(text).toMatch(/^subject\s+integrity\s+isolation/m);
    expect(text).toMatch(/pass 1\.23s/);
  });

  it('piped (no width), wraps to 80 columns', () => {
    expect(widest(checkText(report(PROPERTIES), captureIo()))).toBeLessThanOrEqual(80);
  });

  it('after a run of one property, the footer names that property only', () => {
    const text = checkText(report(['isolation']), at(80));
    expect(text).toMatch(/What "pass" means/);
    expect(text).toMatch(/^ {2}isolation: No forbidden access/m);
    for (const other of PROPERTIES.filter((p) => p !== 'isolation')) expect(text).not.toContain(other);
    expect(text).not.toMatch(/ideal machine|spec accepts/);
  });

  it.each([80, 100])('after a failure at %i columns: a failure summary, no "pass" footer, nothing too wide', (columns) => {
    const text = checkText(report(PROPERTIES, (s, p) => s === SUBJECTS[15]!.name && p === 'isolation'), at(columns));
    expect(text).not.toMatch(/What "pass" means/);
    expect(text).toMatch(/What failed: 1 check of 128: isolation on /);
    expect(text).toMatch(/✗/);
    expect(widest(text)).toBeLessThanOrEqual(columns);
  });
});

describe('addressesInHex', () => {
  it("gives each address of a counterexample's JSON once, in hex beside its decimal", () => {
    expect(addressesInHex('{"programs":[[{"op":"store","addr":1879048192,"value":1},{"op":"load","addr":1879048192},{"addr":134512640}]]}'))
      .toBe('1879048192 = 0x70000000, 134512640 = 0x8048000');
    expect(addressesInHex('{"op":"compute","cycles":5000}')).toBeUndefined();
  });
});

describe('shellLines', () => {
  it('wraps a command with continuations that paste back as the same command', () => {
    const lines = shellLines(`  replay: ${LONG_REPLAY}`, 60, '  ');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.length <= 60)).toBe(true);
    expect(lines.join('\n').replace(/ \\\n\s*/g, ' ').trim()).toBe(`replay: ${LONG_REPLAY}`);
  });
});

describe('vmspec check at 80 columns', () => {
  it('prints no line wider than the terminal and a footer for the one property run', async () => {
    const io = at(80);
    const code = await main(['check', '--variant', 'ptrace-sysemu/separate-kernel/stub-processes', '--variant', 'skas0', '--property', 'isolation', '--runs', '5', '--seed', '7', '--workers', '1'], io);
    expect(code).toBe(0);
    const out = io.stdout();
    expect(widest(out)).toBeLessThanOrEqual(80);
    expect(out).toMatch(/^vmspec check: 1 property × 2 subjects/m);
    expect(out).toMatch(/^skas0\s+pass/m);
    expect(out).not.toMatch(/integrity|equivalence|conformance/);
  });
});
