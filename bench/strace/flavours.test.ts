/**
 * Logs of every recording flavour, written on the project's machine by strace itself
 * (`fixtures/`: `sh -c 'cat /etc/hostname | wc -c >/dev/null'` recorded with -t, -tt, -ttt, -r,
 * with and without -f, without -T, on a terminal with strace's own messages, and as -ff -o
 * per-process files), all read into the same processes and calls; and, where strace runs here,
 * the same flavours recorded afresh.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readStraceLogs } from './readStraceLog.ts';
import type { StraceWorkload } from './straceWorkload.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

async function read(paths: readonly string[]): Promise<StraceWorkload> {
  const r = await readStraceLogs(paths);
  if (!r.ok) throw new Error(r.error);
  return r.workload;
}

/** What every -f recording of the pipeline shows: sh, then cat and wc made by it, talking through a pipe. */
function expectPipeline(w: StraceWorkload): void {
  expect(w.processes.map((p) => [p.parentPid === null, p.programs])).toEqual([[true, ['/usr/bin/sh']], [false, ['/usr/bin/cat']], [false, ['/usr/bin/wc']]]);
  const [sh, cat, wc] = w.processes;
  expect(cat!.parentPid).toBe(sh!.pid);
  expect(wc!.parentPid).toBe(sh!.pid);
  // cat writes the file into the pipe the shell made; wc reads it from there: descriptors followed through fork and dup2.
  expect(cat!.events.some((e) => e.kind === 'io' && e.direction === 'write' && e.fdKind === 'pipe' && e.bytes > 0)).toBe(true);
  expect(cat!.events.some((e) => e.kind === 'io' && e.direction === 'read' && e.fdKind === 'file' && e.bytes > 0 && !e.blocked)).toBe(true);
  expect(wc!.events.some((e) => e.kind === 'io' && e.direction === 'read' && e.fdKind === 'pipe')).toBe(true);
  expect(w.processes.every((p) => p.end.kind === 'exited')).toBe(true);
  // -t stamps are whole seconds: a fast run may be all one second.
  if (w.recording.flavour !== 't') expect(w.durationUs).toBeGreaterThan(0);
}

const SINGLE = [
  ['f-t', 't', true], ['f-tt', 'tt', true], ['f-ttt', 'ttt', true], ['f-r', 'r', true], ['f-tt-noT', 'tt', false], ['stderr-f-tt', 'tt', true],
] as const;

describe('the committed flavour logs', () => {
  it.each(SINGLE)('%s: the pipeline, recorded with %s stamps (durations: %s)', async (name, flavour, durations) => {
    const w = await read([join(FIXTURES, `${name}.strace.gz`)]);
    expect(w.recording).toMatchObject({ flavour, durations, files: 1 });
    expectPipeline(w);
    // The same program makes the same calls whatever the flavour.
    expect(w.processes.map((p) => p.events.filter((e) => e.kind !== 'signal').length)).toEqual([78, 123, 129]);
  });

  it('reads strace writing to a terminal: [pid N] prefixes, the root unnamed until its first child, messages inside a line', async () => {
    const w = await read([join(FIXTURES, 'stderr-f-tt.strace.gz')]);
    expect(w.recording.straceMessages).toBe(2);
    expect(w.processes[0]!.pid).not.toBe(0);
  });

  it.each(['t', 'tt', 'ttt', 'r'] as const)('without -f (%s): one process, its fork results but no children', async (flavour) => {
    const w = await read([join(FIXTURES, `nof-${flavour}.strace.gz`)]);
    expect(w.recording.flavour).toBe(flavour);
    expect(w.processes.map((p) => [p.pid, p.programs])).toEqual([[0, ['/usr/bin/sh']]]);
    expect(w.processes[0]!.events.filter((e) => e.kind === 'spawn').length).toBe(2);
  });

  it('puts -ff -o per-process files on one time line, each pid from its file name', async () => {
    const dir = join(FIXTURES, 'ff');
    const w = await read(readdirSync(dir).sort().map((f) => join(dir, f)));
    expect(w.recording.files).toBe(3);
    expectPipeline(w);
  });

  it('refuses per-process files without a pid in the name, and -r files it cannot align, naming the file', async () => {
    const tt = join(FIXTURES, 'f-tt.strace.gz');
    expect(await readStraceLogs([tt, tt])).toEqual({ ok: false, error: `${tt}: several logs are read as the per-process files of one run (strace -ff -o NAME), so each name must end in .PID` });
    expect(await readStraceLogs([join(FIXTURES, 'missing.strace')])).toEqual({ ok: false, error: `${join(FIXTURES, 'missing.strace')}: cannot read (ENOENT)` });
  });
});

const straceRuns = ((): boolean => {
  try {
    execFileSync('strace', ['-o', '/dev/null', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!straceRuns) console.log('flavours.test.ts: strace cannot run here (not installed, or ptrace refused): the fresh recordings are skipped');

describe.skipIf(!straceRuns)('the flavours recorded afresh (skipped where strace cannot run)', () => {
  it.each([['-t'], ['-tt'], ['-ttt'], ['-r'], ['-tt', '-T']])('strace -f %s …', async (...flags) => {
    const dir = mkdtempSync(join(tmpdir(), 'vmspec-flavour-'));
    try {
      const log = join(dir, 'log');
      execFileSync('strace', ['-f', ...flags, '-o', log, 'sh', '-c', 'cat /etc/hostname | wc -c >/dev/null'], { stdio: 'ignore' });
      expectPipeline(await read([log]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
