/**
 * `vmspec export --itf`: a trace and a saved counterexample as ITF JSON, one
 * state per event with its step, layer and the event as a record.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { huntMutant } from '../properties/mutants/huntMutant.ts';
import { MUTANTS, mutantSubject } from '../properties/mutants/mutantCatalog.ts';
import { saveCounterexample } from '../properties/replayFile.ts';
import { scratchDir } from '../traces/internal/tempDir.ts';
import { runCaptured } from './io.ts';
import { main } from './main.ts';
import { itfValue } from './itf.ts';

const scratch = scratchDir('export');
afterAll(() => scratch.remove());

const vmspec = (...argv: string[]) => runCaptured(main, argv);

interface Itf {
  '#meta': { format: string; 'vmspec-header': { variant: string } };
  vars: string[];
  states: { '#meta': { index: number }; step: { '#bigint': string }; layer: string; event: { type: string } }[];
}

describe('vmspec export --itf', () => {
  it('writes integers as #bigint, drops what ITF cannot hold, keeps strings, lists and records', () => {
    expect(itfValue({ a: 1, b: 'x', c: [true, 2], d: null, e: undefined, f: 1.5 })).toEqual({ a: { '#bigint': '1' }, b: 'x', c: [true, { '#bigint': '2' }], f: '1.5' });
  });

  it('turns a trace into one state per event, in order', async () => {
    const file = 'traces/golden/umlinux-null-syscall.ndjson';
    const r = await vmspec('export', '--itf', file);
    expect(r.code).toBe(0);
    const itf = JSON.parse(r.stdout) as Itf;
    const events = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((line) => JSON.parse(line) as { seq: number; type: string });
    expect(itf['#meta'].format).toBe('ITF');
    expect(itf.vars).toEqual(['step', 'layer', 'event']);
    expect(itf.states.map((s) => s.step['#bigint'])).toEqual(events.map((e) => String(e.seq)));
    expect(itf.states.map((s) => s.event.type)).toEqual(events.map((e) => e.type));
    expect(itf.states.every((s, i) => s['#meta'].index === i && s.layer === s.event.type.split('.')[0])).toBe(true);
  });

  it('runs a saved counterexample again and exports its trace', async () => {
    const mutant = MUTANTS.find((m) => m.name === 'forgets-reprotect')!;
    const hunt = huntMutant(mutant, { runs: 50, seed: 3 });
    if (!hunt.caught || !hunt.failure.scenario) return expect.fail('forgets-reprotect was not caught');
    const saved = await saveCounterexample(scratch.path, 'cx', mutantSubject(mutant), hunt.property, hunt.failure.scenario, 3);
    if (!saved.ok) return expect.fail(saved.error);
    const out = join(scratch.path, 'cx.itf.json');
    const r = await vmspec('export', '--itf', saved.saved.replay, '--out', out);
    expect(r.code).toBe(0);
    const itf = JSON.parse(readFileSync(out, 'utf8')) as Itf;
    const trace = readFileSync(saved.saved.trace, 'utf8').trimEnd().split('\n').slice(1);
    expect(itf.states).toHaveLength(trace.length);
    expect(r.stdout).toBe(`${out}: ${trace.length} states\n`);
  });

  it('refuses a missing format, a missing file and a malformed trace in one line (exit 2)', async () => {
    const bad = join(scratch.path, 'bad.ndjson');
    writeFileSync(bad, '{"format":"nope"}\n');
    for (const [argv, message] of [
      [['export', 'x.ndjson'], /say which format: --itf/],
      [['export', '--itf', 'nope.ndjson'], /nope\.ndjson: cannot read \(ENOENT\)/],
      [['export', '--itf', bad], /bad\.ndjson:1: /],
    ] as const) {
      const r = await vmspec(...argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
