import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../cli/io.ts';
import { conformCommand } from '../../cli/conformCommand.ts';
import { traceLines } from '../io/traceWriter.ts';
import { goldenTraces } from './goldenPaths.ts';
import { manifestCodec, type ManifestEntry } from './manifestCodec.ts';

const here = dirname(fileURLToPath(import.meta.url));
const shown = (file: string): string => relative(process.cwd(), join(here, file));

function loadManifest(): readonly ManifestEntry[] {
  const decoded = manifestCodec.decode(JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8')) as unknown);
  if (decoded._tag === 'Left') throw new Error('manifest.json does not decode');
  return decoded.right.traces;
}

const manifest = loadManifest();

describe('golden traces', () => {
  it('the manifest lists exactly the .ndjson files of traces/golden', () => {
    const files = readdirSync(here).filter((name) => name.endsWith('.ndjson')).sort();
    expect(manifest.map((entry) => entry.file).sort()).toEqual(files);
    expect(manifest.filter((entry) => entry.exitCode === 0).length).toBeGreaterThanOrEqual(16);
    expect(new Set(manifest.map((entry) => entry.exitCode))).toEqual(new Set([0, 1, 2]));
  });

  it('the paper-path traces are what make.ts writes (re-run it after changing spec/paperPaths.ts)', () => {
    const made = goldenTraces();
    expect(made.map((golden) => golden.file).sort()).toEqual(manifest.filter((e) => e.origin === 'paper-path').map((e) => e.file).sort());
    for (const golden of made) {
      const lines = [...traceLines(golden.header, golden.events)].map((line) => (line.ok ? line.line : line.error));
      expect(readFileSync(join(here, golden.file), 'utf8'), golden.file).toBe(`${lines.join('\n')}\n`);
    }
  });

  for (const entry of manifest) {
    it(`${entry.file}: exit ${entry.exitCode}${entry.code === null ? '' : ` (${entry.code})`} — ${entry.about}`, async () => {
      const io = captureIo();
      const exit = await conformCommand([shown(entry.file)], io);
      const stdout = io.stdout();
      const stderr = io.stderr();
      expect(exit).toBe(entry.exitCode);
      switch (entry.exitCode) {
        case 0:
          expect(stderr).toBe('');
          expect(stdout).toMatch(new RegExp(`^${shown(entry.file)}: conforms \\(.*, complete\\)\\n(  note: format version 1: .*\\n)?$`));
          expect(stdout.includes('note: format version 1')).toBe(/(^|-)v1-/.test(entry.file));
          break;
        case 1: {
          expect(stderr).toBe('');
          const [first, , , met] = stdout.split('\n');
          expect(first).toContain(`${shown(entry.file)}:${entry.line}: diverges (${entry.code}):`);
          expect(met).toBe(`  met:      ${entry.machine} in state ${entry.state}`);
          expect(stdout).toMatch(new RegExp(`\\n  > +${entry.line} \\| `));
          break;
        }
        case 2:
          expect(stdout).toBe('');
          expect(stderr.split('\n')).toEqual([expect.stringMatching(new RegExp(`^${shown(entry.file)}:${entry.line}: malformed: `)), '']);
          break;
      }
    });
  }

  it('--json gives the same verdicts as one object', async () => {
    const io = captureIo();
    const exit = await conformCommand(['--json', ...manifest.map((entry) => shown(entry.file))], io);
    expect(exit).toBe(2);
    const report = JSON.parse(io.stdout()) as { exitCode: number; files: { file: string; verdict: Record<string, unknown> }[] };
    expect(io.stderr()).toBe('');
    expect(report.exitCode).toBe(2);
    report.files.forEach(({ file, verdict }, i) => {
      const entry = manifest[i]!;
      expect(file).toBe(shown(entry.file));
      const kind = ['conforms', 'diverges', 'malformed'][entry.exitCode];
      expect(verdict['kind']).toBe(kind);
      if (entry.exitCode !== 0) expect([verdict['line'], verdict['code']]).toEqual([entry.line, entry.code]);
      if (entry.exitCode === 1) expect([verdict['machine'], verdict['state']]).toEqual([entry.machine, entry.state]);
    });
  });
});
