/**
 * `vmspec show`: a hand-corrupted golden trace (docs/counterexample.ndjson:
 * one pid changed) and a saved counterexample drawn as well-formed SVG that
 * names every drawn event and marks the diverging one with the checker's
 * reason; `--around` says what it left out; bad input is one line, exit 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { huntMutant } from '../properties/mutants/huntMutant.ts';
import { MUTANTS, mutantSubject } from '../properties/mutants/mutantCatalog.ts';
import { saveCounterexample } from '../properties/replayFile.ts';
import { briefEvent, type SpecEvent } from '../spec/index.ts';
import { conformFile } from '../traces/index.ts';
import { scratchDir } from '../traces/internal/tempDir.ts';
import { runCaptured } from './io.ts';
import { main } from './main.ts';
import { walkXml, type XmlElement } from './xmlWalk.ts';

const scratch = scratchDir('show');
afterAll(() => scratch.remove());
const vmspec = (...argv: string[]) => runCaptured(main, argv);

const CORRUPTED = 'docs/counterexample.ndjson';

/** The SVG's elements, failing the test when it is not well-formed. */
function elementsOf(svg: string): readonly XmlElement[] {
  const walk = walkXml(svg);
  if (!walk.ok) throw new Error(`not well-formed: ${walk.error}`);
  expect(walk.root.name).toBe('svg');
  return walk.elements;
}
const textsOf = (elements: readonly XmlElement[]) => elements.filter((e) => e.name === 'text').map((e) => e.text);
const drawnSeqs = (elements: readonly XmlElement[], cls = 'event') => elements.filter((e) => e.attributes['class'] === cls).map((e) => Number(e.attributes['data-seq']));

/** The events of a trace file by seq. */
function eventsOf(file: string): Map<number, SpecEvent> {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1);
  return new Map(lines.map((line) => {
    const { seq, layer: _layer, ...event } = JSON.parse(line) as { seq: number; layer: string } & SpecEvent;
    return [seq, event as SpecEvent];
  }));
}

describe('vmspec show', () => {
  it('draws the events around the divergence, names each, marks the diverging one with the reason, counts the rest', async () => {
    const verdict = await conformFile(CORRUPTED);
    if (verdict.kind !== 'diverges') return expect.fail(`${CORRUPTED} should diverge`);
    const r = await vmspec('show', CORRUPTED, '--around', '3', '--out', '-');
    expect(r.code, r.stderr).toBe(0);
    const elements = elementsOf(r.stdout);
    const texts = textsOf(elements);
    const events = eventsOf(CORRUPTED);
    const divergingSeq = verdict.line - 1;
    expect(drawnSeqs(elements, 'event diverges')).toEqual([divergingSeq]);
    const drawn = [...drawnSeqs(elements), divergingSeq].sort((a, b) => a - b);
    expect(drawn).toEqual([74, 75, 76, 77, 78, 79, 80]);
    for (const seq of drawn) expect(texts, `seq ${seq}`).toContain(briefEvent(events.get(seq)!));
    expect(texts.join(' ')).toContain(verdict.message);
    expect(texts).toEqual(expect.arrayContaining(['… 73 earlier events left out', `… ${events.size - 80} later events left out`]));
    // Lanes come from the whole trace: process 2 is drawn although none of its events is in the window.
    expect(texts).toEqual(expect.arrayContaining(['guest pid 1', 'guest pid 2', 'guest kernel', 'VMM', 'host kernel']));
  });

  it('writes the same SVG to --svg FILE as to --out -, and says what it drew', async () => {
    const file = join(scratch.path, 'cx.svg');
    const r = await vmspec('show', CORRUPTED, '--svg', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${file}: 68 events drawn, 36 left out; diverges at line 78 (spec-rejects) from ptrace-process/mprotect/remap\n`);
    expect(readFileSync(file, 'utf8')).toBe((await vmspec('show', CORRUPTED, '--out', '-')).stdout);
  });

  it("keeps docs/counterexample.svg, the README's example, what the command draws", async () => {
    const r = await vmspec('show', CORRUPTED, '--around', '20', '--out', '-');
    expect(readFileSync('docs/counterexample.svg', 'utf8'), 'regenerate: node bin/vmspec.js show docs/counterexample.ndjson --around 20 --svg docs/counterexample.svg').toBe(r.stdout);
  });

  it('draws a lane only for a process that exists in the drawn rows', async () => {
    // Process 2 is spawned by event 4: drawing events 1 to 3 has no lane for it.
    const r = await vmspec('show', 'traces/golden/umlinux-guest-context-switch.ndjson', '--around', '1', '--out', '-');
    const texts = textsOf(elementsOf(r.stdout));
    expect(texts).toContain('guest pid 1');
    expect(texts).not.toContain('guest pid 2');
  });

  it('draws a conforming trace from its start with nothing marked', async () => {
    const golden = 'traces/golden/umlinux-null-syscall.ndjson';
    const r = await vmspec('show', golden, '--around', '2', '--out', '-');
    expect(r.code).toBe(0);
    const elements = elementsOf(r.stdout);
    expect(drawnSeqs(elements)).toEqual([1, 2, 3, 4, 5]);
    expect(elements.some((e) => e.attributes['class']?.includes('diverges'))).toBe(false);
    expect(textsOf(elements).some((t) => t.startsWith('conforms: '))).toBe(true);
  });

  it('runs a saved counterexample again: its trace’s divergence marked, the broken property in the caption', async () => {
    const mutant = MUTANTS.find((m) => m.name === 'forgets-reprotect')!;
    const hunt = huntMutant(mutant, { runs: 50, seed: 3 });
    if (!hunt.caught || !hunt.failure.scenario) return expect.fail('forgets-reprotect was not caught');
    const saved = await saveCounterexample(scratch.path, 'cx', mutantSubject(mutant), hunt.property, hunt.failure.scenario, 3);
    if (!saved.ok) return expect.fail(saved.error);
    const r = await vmspec('show', saved.saved.replay, '--out', '-');
    expect(r.code, r.stderr).toBe(0);
    const elements = elementsOf(r.stdout);
    const verdict = await conformFile(saved.saved.trace);
    if (verdict.kind !== 'diverges') return expect.fail('the mutant’s trace should diverge');
    expect(drawnSeqs(elements, 'event diverges')).toEqual([verdict.line - 1]);
    const texts = textsOf(elements).join(' ');
    expect(texts).toContain(verdict.message);
    expect(texts).toContain(`${hunt.property} broken on mutant:forgets-reprotect`);
    for (const event of eventsOf(saved.saved.trace).values()) expect(texts).toContain(briefEvent(event));
  });

  it('refuses a missing or garbage file, a missing destination and a bad --around in one line (exit 2)', async () => {
    const garbage = join(scratch.path, 'garbage.ndjson');
    writeFileSync(garbage, 'garbage\n');
    const cases: [string[], RegExp][] = [
      [['show', 'no-such.ndjson', '--out', '-'], /^vmspec show: no-such\.ndjson: unreadable: ENOENT/],
      [['show', garbage, '--out', '-'], /^vmspec show: .*garbage\.ndjson:1: malformed: /],
      [['show', 'no-such.replay.json', '--out', '-'], /^vmspec show: .*no-such\.replay\.json/],
      [['show', CORRUPTED], /^vmspec show: say where to draw: --svg FILE/],
      [['show', CORRUPTED, '--out', '-', '--around', 'x'], /^vmspec show: option '--around' needs a whole number/],
      [['show', CORRUPTED, '--svg', '/dev/null/x'], /^vmspec show: cannot write '\/dev\/null\/x'/],
    ];
    for (const [argv, message] of cases) {
      const r = await vmspec(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
