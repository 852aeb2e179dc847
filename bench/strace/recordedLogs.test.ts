import { describe, expect, it } from 'vitest';
import { readStraceLog, RECORDED_LOGS } from './readStraceLog.ts';
import { summarizeWorkload } from './summarizeWorkload.ts';

describe('the committed strace logs', () => {
  it('gzip: one process, CPU-bound (compute far above in-kernel time), megabytes read', async () => {
    const parsed = await readStraceLog(RECORDED_LOGS.gzip);
    if (!parsed.ok) throw new Error(parsed.error);
    const s = summarizeWorkload(parsed.workload);
    expect(s.processes).toBe(1);
    expect(s.bytesRead).toBeGreaterThan(1_000_000);
    expect(s.computeUs).toBeGreaterThan(10 * s.syscallUs);
  });

  it('make: several processes with fork, exec and wait, linked to their parents', async () => {
    const parsed = await readStraceLog(RECORDED_LOGS.make);
    if (!parsed.ok) throw new Error(parsed.error);
    const s = summarizeWorkload(parsed.workload);
    expect(s.processes).toBeGreaterThanOrEqual(8);
    expect(s.programs).toEqual(expect.arrayContaining(['make', 'cc1', 'as', 'ld']));
    expect(s.byKind.wait).toBeGreaterThan(0);
    const [root, ...rest] = parsed.workload.processes;
    expect(root?.parentPid).toBeNull();
    expect(rest.every((p) => p.parentPid !== null)).toBe(true);
  });

  it('http: a server and a client exchanging 50 requests over loopback, with blocking receives', async () => {
    const parsed = await readStraceLog(RECORDED_LOGS.http);
    if (!parsed.ok) throw new Error(parsed.error);
    const accepts = parsed.workload.processes.flatMap((p) => p.events.filter((e) => e.kind !== 'signal' && e.name === 'accept4'));
    expect(accepts).toHaveLength(50);
    expect(summarizeWorkload(parsed.workload).blocked).toBeGreaterThan(0);
  });

  it('a missing log is an error value naming the file', async () => {
    expect(await readStraceLog('/nonexistent/x.strace.gz')).toEqual({ ok: false, error: '/nonexistent/x.strace.gz: cannot read (ENOENT)' });
  });
});
