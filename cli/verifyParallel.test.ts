/**
 * `verify` over worker threads and shards gives what one worker gives for the
 * same seed: the same verdicts, counterexamples, saved files and replay
 * commands step for step, the same stop when a plug-in loops, and shards that
 * together hold every step once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../traces/internal/tempDir.ts';
import { VERIFY_STEPS } from '../plugins/verifyJob.ts';
import { runCaptured } from './io.ts';
import { main } from './main.ts';

const scratch = scratchDir('verify-parallel');
afterAll(() => scratch.remove());

interface Report {
  readonly ok: boolean;
  readonly steps: number;
  readonly shard: { index: number; count: number } | null;
  readonly verdicts: readonly { step: number; property: string; verdict: string; ms?: number; replay?: string }[];
  readonly cost: unknown;
  readonly stopped: unknown;
}

async function verify(plugin: string, ...extra: string[]): Promise<{ code: number; report: Report }> {
  const r = await runCaptured(main, ['verify', plugin, '--seed', '11', '--runs', '40', '--out', scratch.path, '--reporter', 'json', ...extra]);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

/** The report without its times (the one thing that differs from run to run). */
const timeless = ({ verdicts, ...rest }: Report) => ({ ...rest, verdicts: verdicts.map(({ ms: _, ...v }) => v) });

describe('verify over worker threads and shards', () => {
  it('gives the same report on 1 and 2 workers, failures, counterexamples and replay commands included', async () => {
    const serial = await verify('examples/broken-lazy-reprotect.ts', '--workers', '1');
    const parallel = await verify('examples/broken-lazy-reprotect.ts', '--workers', '2');
    expect(serial.code).toBe(1);
    expect(parallel.code).toBe(1);
    expect(serial.report.verdicts.map((v) => v.step)).toEqual(VERIFY_STEPS.slice(0, -1).map((_, i) => i));
    expect(serial.report.verdicts.filter((v) => v.verdict === 'fail').length).toBeGreaterThan(1);
    expect(serial.report.verdicts.find((v) => v.verdict === 'fail')?.replay).toMatch(/^node bin\/vmspec\.js replay .*broken-lazy-reprotect-\w+\.replay\.json$/);
    expect(serial.report.cost).not.toBeNull();
    expect(timeless(parallel.report)).toEqual(timeless(serial.report));
  });

  it('stops where one worker stops when a plug-in loops: the same steps judged, the same time-out', async () => {
    const serial = await verify('plugins/fixtures/loops.ts', '--runs', '5', '--timeout', '1500', '--workers', '1');
    const parallel = await verify('plugins/fixtures/loops.ts', '--runs', '5', '--timeout', '1500', '--workers', '2');
    expect(serial.code).toBe(1);
    expect(serial.report.stopped).toEqual({ kind: 'timeout', ms: 1500, phase: 'integrity', run: 1 });
    expect(timeless(parallel.report)).toEqual(timeless(serial.report));
  });

  it('two shards hold every step once, with the verdicts of the whole run', async () => {
    const whole = await verify('examples/systrap.ts', '--workers', '2');
    const parts = [];
    for (const shard of ['1/2', '2/2']) parts.push((await verify('examples/systrap.ts', '--shard', shard, '--workers', '1')).report);
    expect(parts.map((p) => p.shard)).toEqual([1, 2].map((index) => ({ index, count: 2 })));
    const joined = parts.flatMap((p) => timeless(p).verdicts).sort((a, b) => a.step - b.step);
    expect(joined).toEqual(timeless(whole.report).verdicts);
    expect(parts.filter((p) => p.cost !== null)).toEqual([expect.objectContaining({ cost: whole.report.cost })]);
  });
});
