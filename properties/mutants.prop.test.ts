/**
 * The suites have teeth: every catalogued mutant is caught by the property
 * meant for it within the default budget, its shrunk counterexample is saved
 * as a replay file and a trace, `replay` reproduces the failure, and `conform`
 * rejects the trace for every mutant whose mistake shows in the trace.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../cli/io.ts';
import { main } from '../cli/main.ts';
import { huntMutant, meantProperty, type Hunt } from './mutants/huntMutant.ts';
import { MUTANTS, mutantSubject } from './mutants/mutantCatalog.ts';
import { saveCounterexample } from './replayFile.ts';
import { propertySeed } from './seed.ts';

const seed = propertySeed();

async function vmspec(...argv: string[]) {
  const io = captureIo();
  return { code: await main(argv, io), out: io.stdout(), err: io.stderr() };
}

describe('mutant catalog', () => {
  const hunts = new Map<string, Hunt>();

  it('has at least 30 distinct mutants', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(MUTANTS.map((m) => m.name)).size).toBe(MUTANTS.length);
  });

  it.each(MUTANTS.map((m) => [m.name, m] as const))('%s is caught within 200 runs by the property meant for it', (name, mutant) => {
    const hunt = huntMutant(mutant, { runs: 200, seed }, [meantProperty(mutant)]);
    hunts.set(name, hunt);
    if (!hunt.caught) expect.fail(`mutant ${name} slipped through ${mutant.meantFor} in ${hunt.runs} runs (replay: node bin/vmspec.js check --mutant ${name} --property ${mutant.meantFor} --runs 200 --seed ${seed})`);
    process.stderr.write(`[mutant] ${name.padEnd(30)} caught by ${hunt.property.padEnd(12)} after ${String(hunt.runs).padStart(3)} runs; ${hunt.size} instructions, ${hunt.traceEvents} trace events\n`);
    expect(hunt.runs).toBeLessThanOrEqual(200);
  });

  it.each(MUTANTS.map((m) => [m.name, m] as const))('%s: the saved counterexample replays, and conform judges its trace', async (name, mutant) => {
    const hunt = hunts.get(name) ?? huntMutant(mutant, { runs: 200, seed }, [meantProperty(mutant)]);
    if (!hunt.caught || !hunt.failure.scenario) return expect.fail(`no counterexample for ${name}`);
    const dir = await mkdtemp(join(tmpdir(), 'vmspec-cx-'));
    const saved = await saveCounterexample(dir, name, mutantSubject(mutant), hunt.property, hunt.failure.scenario, seed);
    if (!saved.ok) return expect.fail(saved.error);
    const replay = await vmspec('replay', saved.saved.replay);
    expect(replay.code).toBe(1);
    expect(replay.out).toMatch(new RegExp(`reproduced: ${hunt.property} fails on mutant:${name}`));
    const conform = await vmspec('conform', saved.saved.trace);
    expect(conform.code).toBe(mutant.visibleInTrace === false ? 0 : 1);
  });
});
