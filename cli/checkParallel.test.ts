/**
 * Parallel and sharded `check` give what a serial run gives for the same
 * seed: the same verdicts (counterexamples, replay paths) job for job, and a
 * `merge` of the shards' JSON reports gives the whole run's summary.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../traces/internal/tempDir.ts';
import type { CheckReport } from './checkReport.ts';
import { runCaptured } from './io.ts';
import { main } from './main.ts';

const scratch = scratchDir('parallel');
afterAll(() => scratch.remove());

const vmspec = (...argv: string[]) => runCaptured(main, argv);

// Two variants and a mutant (so some jobs fail, with counterexamples to compare), two properties.
const PLAN = ['--variant', 'umlinux', '--variant', '+multi-as', '--mutant', 'forgets-reprotect', '--property', 'isolation', '--property', 'equivalence', '--runs', '40', '--seed', '11'];

const verdicts = (report: CheckReport) => report.results.map(({ ms: _, ...rest }) => rest);

async function report(...extra: string[]): Promise<{ code: number; report: CheckReport }> {
  const r = await vmspec('check', ...PLAN, '--reporter', 'json', ...extra);
  return { code: r.code, report: JSON.parse(r.stdout) as CheckReport };
}

describe('check over worker threads and shards', () => {
  it('gives the same verdicts on 1 and 3 workers, failures included', async () => {
    const serial = await report('--workers', '1');
    const parallel = await report('--workers', '3');
    expect(serial.code).toBe(1);
    expect(parallel.code).toBe(1);
    expect(serial.report.results.filter((r) => !r.verdict.ok).length).toBeGreaterThan(0);
    expect(verdicts(parallel.report)).toEqual(verdicts(serial.report));
  });

  it('three shards cover the plan once, and their merge is the whole run', async () => {
    const whole = await report('--workers', '1');
    const files: string[] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const part = await report('--shard', shard, '--workers', '2');
      expect(part.report.shard).toEqual({ index: Number(shard[0]), count: 3 });
      files.push(join(scratch.path, `shard${shard[0]}.json`));
      writeFileSync(files.at(-1)!, JSON.stringify(part.report));
    }
    const merged = await vmspec('merge', ...files, '--reporter', 'json');
    expect(merged.code).toBe(1);
    expect(verdicts(JSON.parse(merged.stdout) as CheckReport)).toEqual(verdicts(whole.report));
    const text = await vmspec('merge', ...files);
    expect(text.stdout).toMatch(/^4 checks passed, 2 failed in [\d.]+s \(seed 11, 40 runs each\)$/m);
    expect(text.stdout).toMatch(/FAIL isolation on mutant:forgets-reprotect/);
  });

  it('merge refuses a missing shard, a report of another run, and a file that is no report, in one line (exit 2)', async () => {
    const one = join(scratch.path, 'one.json');
    const other = join(scratch.path, 'other.json');
    writeFileSync(one, JSON.stringify((await report('--shard', '1/2', '--workers', '1')).report));
    writeFileSync(other, JSON.stringify((await report('--shard', '2/2', '--workers', '1', '--seed', '12')).report));
    writeFileSync(join(scratch.path, 'no.json'), '{"format": "something"}');
    for (const [files, message] of [
      [[one], /jobs are in no report \(is a shard missing\?\)/],
      [[one, other], /other\.json: a different run than .*one\.json/],
      [[join(scratch.path, 'no.json')], /no\.json: \$\.format: not a check report/],
      [[join(scratch.path, 'none.json')], /none\.json: cannot read \(ENOENT\)/],
    ] as const) {
      const r = await vmspec('merge', ...files);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('writes JUnit XML with a failure element per failed job', async () => {
    const r = await vmspec('check', ...PLAN, '--reporter', 'junit', '--workers', '1');
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="vmspec check \(seed 11, 40 runs\)" tests="6" failures="2"/);
    expect(r.stdout.match(/<failure /g)).toHaveLength(2);
    expect(r.stdout).toMatch(/replay: node bin\/vmspec\.js check --mutant forgets-reprotect --property isolation --runs 40 --seed 11/);
  });
});
