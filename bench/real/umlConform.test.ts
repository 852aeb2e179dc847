/**
 * The outside reference, end to end: real User-Mode Linux runs each workload
 * under strace, the tracer's log becomes a vmspec trace of the `skas0` preset,
 * and that trace conforms to the spec; the same trace with one corruption per
 * class (a missing stop, a resume of the wrong stub, a register write skipped)
 * diverges at the corrupted line. Skips, printing why, where the host cannot
 * run UML.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpecEvent } from '../../spec/index.ts';
import { conformLines, formatHeaderLine, toRecord, type Verdict } from '../../traces/index.ts';
import { buildRoot, detectUmlHost, recordUml, type GuestRoot, type UmlWorkload } from './index.ts';
import { pidOfMarker, umlTrace, type UmlTrace } from './umlTrace.ts';

const host = await detectUmlHost();
if (!host.ok) console.log(`[vmspec] skipping the real-UML conformance tests: ${host.reason}`);

const ITERATIONS: Readonly<Record<UmlWorkload, number>> = { getpid: 30, pingpong: 10, fork: 3, pipeline: 1 };

const linesOf = (trace: UmlTrace, events: readonly SpecEvent[] = trace.events): string[] =>
  [formatHeaderLine(trace.header), ...events.map((event, i) => JSON.stringify(toRecord(i + 1, event)))];

const divergence = (verdict: Verdict) => {
  if (verdict.kind !== 'diverges') throw new Error(`expected a divergence, got ${verdict.kind}: ${JSON.stringify(verdict).slice(0, 300)}`);
  return verdict;
};

describe.skipIf(!host.ok)('real User-Mode Linux traces', () => {
  let root: GuestRoot | undefined;
  const traces = new Map<UmlWorkload, UmlTrace>();

  beforeAll(async () => {
    const built = await buildRoot();
    if (!built.ok) throw new Error(built.reason);
    root = built.root;
    for (const workload of Object.keys(ITERATIONS) as UmlWorkload[]) {
      const recorded = await recordUml(workload, { iterations: ITERATIONS[workload], root });
      if (!recorded.ok) throw new Error(`${workload}: ${recorded.reason}`);
      const pid = pidOfMarker(recorded.recording.markers.begin.text);
      if (pid === undefined) throw new Error(`${workload}: the BEGIN marker names no pid: ${recorded.recording.markers.begin.text}`);
      traces.set(workload, umlTrace(recorded.recording.ops, { workload, pid }));
    }
  }, 600_000);
  afterAll(async () => root?.remove());

  it.each(Object.keys(ITERATIONS) as UmlWorkload[])('%s conforms to the skas0 spec', (workload) => {
    const trace = traces.get(workload)!;
    const verdict = conformLines(linesOf(trace));
    expect(verdict.kind, JSON.stringify(verdict).slice(0, 800)).toBe('conforms');
    expect(trace.events.length).toBeGreaterThan(ITERATIONS[workload] * 5);
  });

  const pingpong = () => traces.get('pingpong')!;
  const nth = (events: readonly SpecEvent[], match: (e: SpecEvent) => boolean, n = 3): number => {
    let seen = 0;
    const i = events.findIndex((e) => match(e) && seen++ === n);
    if (i < 0) throw new Error('no such event');
    return i;
  };

  it('diverges at a missing stop, on the line after it', () => {
    const events = pingpong().events;
    const i = nth(events, (e) => e.type === 'host.stub.stop' && e.why === 'syscall');
    const verdict = divergence(conformLines(linesOf(pingpong(), events.filter((_, j) => j !== i))));
    expect(verdict.line).toBe(i + 2);
    expect(verdict.message).toMatch(/running guest code/);
  });

  it('diverges at a resume of the wrong stub, on its line', () => {
    const events = pingpong().events;
    const i = nth(events, (e) => e.type === 'host.stub.resume' && e.how === 'sysemu' && e.stub === 2);
    const wrong = events.map((e, j) => (j === i && e.type === 'host.stub.resume' ? { ...e, stub: 1 } : e));
    const verdict = divergence(conformLines(linesOf(pingpong(), wrong)));
    expect(verdict.line).toBe(i + 2);
    expect(verdict.message).toMatch(/stub 1/);
  });

  it('diverges at the resume whose register write was skipped', () => {
    const events = pingpong().events;
    // The fp write right before a PTRACE_SYSEMU (a fault's restore before a stub call is rewritten later: skipping it is fine).
    const i = nth(events, (e) => e.type === 'host.stub.regs' && e.dir === 'set' && e.set === 'fp'
      && events[events.indexOf(e) + 1]?.type === 'host.stub.resume');
    const verdict = divergence(conformLines(linesOf(pingpong(), events.filter((_, j) => j !== i))));
    expect(verdict.line).toBe(i + 2);
    expect(verdict.message).toMatch(/without its fp registers written/);
  });
});
