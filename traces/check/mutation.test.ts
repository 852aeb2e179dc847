/**
 * Single-event mutations of the golden traces (delete, duplicate, swap with a
 * different neighbour, or one field of one event changed; seq renumbered, so
 * the spec is tested, not seq checking) must be rejected, except where the
 * mutated trace is one the spec cannot tell from a legitimate run: deleting or
 * duplicating a *stutter* (an event after which every machine's state and data
 * are as they were) must be accepted; deleting an event that changes only
 * data nothing later reads may be; a changed field is accepted only where the
 * table below says why. The goldens end with `guest.halt` under
 * `complete: true`, so even cutting the last event is caught.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../cli/io.ts';
import { conformCommand } from '../../cli/conformCommand.ts';
import { initial, parseVariant, step, type SpecEvent, type SpecState } from '../../spec/index.ts';
import { goldenTraces, type GoldenTrace } from '../golden/goldenPaths.ts';
import { scratchDir } from '../internal/tempDir.ts';
import { propertySeed as testSeed } from '../../properties/seed.ts';
import { formatEventLine, formatHeaderLine } from '../io/traceWriter.ts';
import { conformLines } from './conformTrace.ts';

type MutationKind = 'delete' | 'duplicate' | 'swap' | 'field';
interface Mutation {
  readonly kind: MutationKind;
  readonly at: number;
  /** For `field`: which field, and its new value. */
  readonly field?: string;
  readonly value?: unknown;
}

/** Fields a corrupted trace most plausibly gets wrong, and a wrong value for each. */
const FIELD_CHANGES: Readonly<Record<string, (value: unknown) => unknown>> = {
  pid: (v) => (v as number) + 1,
  from: (v) => (v as number) + 1,
  to: (v) => (v as number) + 1,
  asid: (v) => (v as number) + 1,
  nr: (v) => (v === 'getpid' ? 'write' : 'getpid'),
  sig: (v) => (v === 'SIGUSR1' ? 'SIGALRM' : 'SIGUSR1'),
  addr: (v) => ((v as number) + 0x1000_0000) % 0x1_0000_0000,
  outcome: (v) => (v === 'ok' ? 'fault' : 'ok'),
  result: (v) => ((v as number) < 0 ? 0 : -1),
};

function mutate(events: readonly SpecEvent[], { kind, at, field, value }: Mutation): readonly SpecEvent[] {
  switch (kind) {
    case 'delete':
      return [...events.slice(0, at), ...events.slice(at + 1)];
    case 'duplicate':
      return [...events.slice(0, at + 1), ...events.slice(at)];
    case 'swap':
      return [...events.slice(0, at), events[at + 1]!, events[at]!, ...events.slice(at + 2)];
    case 'field':
      return [...events.slice(0, at), { ...events[at]!, [field!]: value } as SpecEvent, ...events.slice(at + 1)];
  }
}

/** Every one-field change of every event. */
function fieldMutations(events: readonly SpecEvent[]): readonly Mutation[] {
  return events.flatMap((event, at) =>
    Object.entries(event).flatMap(([field, value]) => {
      const change = FIELD_CHANGES[field];
      if (change === undefined || typeof value !== (field === 'nr' || field === 'sig' || field === 'outcome' ? 'string' : 'number')) return [];
      return [{ kind: 'field' as const, at, field, value: change(value) }];
    }),
  );
}

/**
 * One-field changes the spec accepts, and why: each is a trace a legitimate
 * run could have produced, or a value the spec deliberately leaves open.
 */
const ACCEPTED_FIELD_CHANGES: Readonly<Record<string, string>> = {
  'host.syscall.exit.result': 'the spec ties only a refused call to an error result; what an allowed call or the no-op getpid returns is the host\'s business',
  'guest.access.addr': "the kernel's own accesses may reach anywhere in guest memory, and a user access that fails may fail anywhere",
  'guest.access.pid': "the kernel's own accesses name the current process or 0",
  'host.as.switch.asid': 'a process that has no address space yet may be given any clean one',
};

/** Every mutation of a trace; swaps only with a different neighbour. */
function mutations(events: readonly SpecEvent[]): readonly Mutation[] {
  return events.flatMap((event, at): Mutation[] => {
    const next = events[at + 1];
    const swap = next !== undefined && JSON.stringify(next) !== JSON.stringify(event);
    return [{ kind: 'delete', at }, { kind: 'duplicate', at }, ...(swap ? [{ kind: 'swap', at } as const] : [])];
  });
}

/**
 * What an event does to the spec (by the pure `step`): nothing (a stutter),
 * only data, or some machine's control state; and whether taking it twice
 * leaves the state as taking it once (idempotent: duplicating it is an
 * equivalent trace).
 */
type Effect = 'stutter' | 'data' | 'control';

const sameState = (a: SpecState, b: SpecState): boolean => JSON.stringify([a.states, a.contexts]) === JSON.stringify([b.states, b.contexts]);

function effects(golden: GoldenTrace): readonly { readonly effect: Effect; readonly idempotent: boolean }[] {
  const parsed = parseVariant(golden.header.variant);
  if (!parsed.ok) throw new Error(parsed.error);
  let state = initial(parsed.variant);
  return golden.events.map((event) => {
    const result = step(state, event);
    if (!result.ok) throw new Error(`golden ${golden.file} is rejected`);
    const control = result.state.states.some((s, m) => s !== state.states[m]);
    const data = JSON.stringify(result.state.contexts) !== JSON.stringify(state.contexts);
    const again = step(result.state, event);
    state = result.state;
    return { effect: control ? 'control' : data ? 'data' : 'stutter', idempotent: again.ok && sameState(again.state, state) };
  });
}

/** Must this mutation be accepted (`must`), may it be (`may`), or must it be rejected (`never`)? */
function expectation(effect: ReturnType<typeof effects>, events: readonly SpecEvent[], mutation: Mutation): 'must' | 'may' | 'never' {
  const { kind, at } = mutation;
  if (kind === 'field') return `${events[at]!.type}.${mutation.field}` in ACCEPTED_FIELD_CHANGES ? 'may' : 'never';
  if (kind === 'swap') return 'never';
  if (kind === 'duplicate') return effect[at]!.idempotent ? 'must' : 'never';
  if (effect[at]!.effect === 'stutter') return 'must';
  return effect[at]!.effect === 'data' ? 'may' : 'never';
}

const lines = (golden: GoldenTrace, events: readonly SpecEvent[]): string[] => [
  formatHeaderLine(golden.header),
  ...events.map((event, i) => formatEventLine(i + 1, event)),
];

const goldens = goldenTraces();
const scratch = scratchDir('mutations');
afterAll(() => scratch.remove());

describe('single-event mutations of golden traces', () => {
  it('are all rejected, except stutters and the changes the spec leaves open, each with its reason (exhaustive, library)', () => {
    const stats = { total: 0, accepted: 0, byKind: new Map<string, number>() };
    for (const golden of goldens) {
      const effect = effects(golden);
      for (const mutation of [...mutations(golden.events), ...fieldMutations(golden.events)]) {
        const verdict = conformLines(lines(golden, mutate(golden.events, mutation)));
        if (verdict.kind === 'malformed') continue; // a value out of its field's range: the format's business, not the spec's
        const expected = expectation(effect, golden.events, mutation);
        const what = `${golden.file}: ${mutation.kind}${mutation.field ? ` ${mutation.field}=${String(mutation.value)}` : ''} at event ${mutation.at + 1} (${golden.events[mutation.at]!.type})`;
        stats.total++;
        if (expected === 'must') expect(verdict.kind, what).toBe('conforms');
        if (expected === 'never') expect(verdict.kind, what).toBe('diverges');
        if (verdict.kind !== 'conforms') {
          expect(verdict.kind).toBe('diverges');
          continue;
        }
        stats.accepted++;
        const event = golden.events[mutation.at]!;
        const key = `${mutation.kind} ${event.type}${mutation.field ? `.${mutation.field}` : ''} (${mutation.kind === 'field' ? 'left open' : mutation.kind === 'duplicate' ? 'idempotent' : effect[mutation.at]!.effect})`;
        stats.byKind.set(key, (stats.byKind.get(key) ?? 0) + 1);
      }
    }
    console.log(`[vmspec] mutations: ${stats.total} in all, ${stats.accepted} accepted:`, Object.fromEntries(stats.byKind));
    expect(stats.total).toBeGreaterThan(3000);
    expect(stats.accepted).toBeLessThan(stats.total / 20);
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
        const expected = expectation(effects(golden), golden.events, mutation);
        if (expected !== 'may') expect(exit).toBe(expected === 'must' ? 0 : 1);
        expect(io.stderr()).toBe('');
      }),
      { seed: testSeed(), numRuns: 150 },
    );
  });
});
