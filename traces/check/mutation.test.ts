/**
 * Single-event mutations of the golden traces (delete, duplicate, swap with a
 * different neighbour; seq renumbered, so the spec is tested, not seq
 * checking) must be rejected, except deleting or duplicating a *stutter*: an
 * event after which every machine is where it was (a self-loop), which the
 * spec must accept. The goldens end with `guest.halt` under `complete: true`,
 * so even cutting the last event is caught.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../cli/io.ts';
import { conformCommand } from '../../cli/conformCommand.ts';
import { initial, parseVariant, step, type SpecEvent } from '../../spec/index.ts';
import { goldenTraces, type GoldenTrace } from '../golden/goldenPaths.ts';
import { scratchDir } from '../internal/tempDir.ts';
import { propertySeed as testSeed } from '../../properties/seed.ts';
import { formatEventLine, formatHeaderLine } from '../io/traceWriter.ts';
import { conformLines } from './conformTrace.ts';

type MutationKind = 'delete' | 'duplicate' | 'swap';
interface Mutation {
  readonly kind: MutationKind;
  readonly at: number;
}

function mutate(events: readonly SpecEvent[], { kind, at }: Mutation): readonly SpecEvent[] {
  switch (kind) {
    case 'delete':
      return [...events.slice(0, at), ...events.slice(at + 1)];
    case 'duplicate':
      return [...events.slice(0, at + 1), ...events.slice(at)];
    case 'swap':
      return [...events.slice(0, at), events[at + 1]!, events[at]!, ...events.slice(at + 2)];
  }
}

/** Every mutation of a trace; swaps only with a different neighbour. */
function mutations(events: readonly SpecEvent[]): readonly Mutation[] {
  return events.flatMap((event, at): Mutation[] => {
    const next = events[at + 1];
    const swap = next !== undefined && JSON.stringify(next) !== JSON.stringify(event);
    return [{ kind: 'delete', at }, { kind: 'duplicate', at }, ...(swap ? [{ kind: 'swap', at } as const] : [])];
  });
}

/** For each event, whether it is a stutter: every machine is in the same state after it as before (by the pure `step`). */
function stutters(golden: GoldenTrace): readonly boolean[] {
  const parsed = parseVariant(golden.header.variant);
  if (!parsed.ok) throw new Error(parsed.error);
  let state = initial(parsed.variant);
  return golden.events.map((event) => {
    const result = step(state, event);
    if (!result.ok) throw new Error(`golden ${golden.file} is rejected`);
    const same = result.state.states.every((s, m) => s === state.states[m]);
    state = result.state;
    return same;
  });
}

const mayBeAccepted = (stutter: readonly boolean[], { kind, at }: Mutation): boolean => kind !== 'swap' && stutter[at] === true;

const lines = (golden: GoldenTrace, events: readonly SpecEvent[]): string[] => [
  formatHeaderLine(golden.header),
  ...events.map((event, i) => formatEventLine(i + 1, event)),
];

const goldens = goldenTraces();
const scratch = scratchDir('mutations');
afterAll(() => scratch.remove());

describe('single-event mutations of golden traces', () => {
  it('are all rejected, except deleting or duplicating a stutter (exhaustive, library)', () => {
    const stats = { total: 0, accepted: 0, byKind: new Map<string, number>() };
    for (const golden of goldens) {
      const stutter = stutters(golden);
      for (const mutation of mutations(golden.events)) {
        const verdict = conformLines(lines(golden, mutate(golden.events, mutation)));
        stats.total++;
        expect(verdict.kind === 'conforms', `${golden.file}: ${mutation.kind} at event ${mutation.at + 1}`).toBe(mayBeAccepted(stutter, mutation));
        if (verdict.kind !== 'conforms') {
          expect(verdict.kind).toBe('diverges');
          continue;
        }
        stats.accepted++;
        const event = golden.events[mutation.at]!;
        const key = `${mutation.kind} ${event.type}`;
        stats.byKind.set(key, (stats.byKind.get(key) ?? 0) + 1);
      }
    }
    console.log(`[vmspec] mutations: ${stats.total} in all, ${stats.accepted} accepted (stutters):`, Object.fromEntries(stats.byKind));
    expect(stats.total).toBeGreaterThan(2000);
    expect(stats.accepted).toBeLessThan(stats.total / 50);
  });

  it('are rejected through the CLI with exit 1 (fast-check sample, files on disk)', async () => {
    const arbitrary = fc
      .constantFrom(...goldens)
      .chain((golden) => fc.tuple(fc.constant(golden), fc.constantFrom(...mutations(golden.events))));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([golden, mutation]) => {
        const file = join(scratch.path, `m${run++}.ndjson`);
        writeFileSync(file, `${lines(golden, mutate(golden.events, mutation)).join('\n')}\n`);
        const io = captureIo();
        const exit = await conformCommand([file], io);
        expect(exit).toBe(mayBeAccepted(stutters(golden), mutation) ? 0 : 1);
        expect(io.stderr()).toBe('');
      }),
      { seed: testSeed(), numRuns: 150 },
    );
  });
});
