/**
 * Writes the golden positive traces (`npx tsx traces/golden/make.ts`) from the
 * paper paths and refreshes their manifest entries, keeping the hand-written
 * negative ones. Once the emulator's `runWorkload` exists, record these from
 * it instead and keep the manifest's expected verdicts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTrace } from '../io/traceWriter.ts';
import { goldenTraces } from './goldenPaths.ts';
import { manifestCodec, type ManifestEntry } from './manifestCodec.ts';

const here = dirname(fileURLToPath(import.meta.url));
const manifestPath = join(here, 'manifest.json');

let kept: readonly ManifestEntry[] = [];
try {
  const decoded = manifestCodec.decode(JSON.parse(readFileSync(manifestPath, 'utf8')) as unknown);
  if (decoded._tag === 'Left') throw new Error('manifest.json does not decode; fix it by hand first');
  kept = decoded.right.traces.filter((entry) => entry.origin !== 'paper-path');
} catch (error) {
  if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
}

const made: ManifestEntry[] = [];
for (const golden of goldenTraces()) {
  const result = await writeTrace(join(here, golden.file), golden.header, golden.events);
  if (!result.ok) throw new Error(`${golden.file}: ${result.error}`);
  made.push({
    file: golden.file, origin: 'paper-path', about: `${golden.header.workload} under ${golden.header.variant}`,
    exitCode: 0, line: null, code: null, machine: null, state: null,
  });
  console.log(`${golden.file}: ${result.events} events`);
}
writeFileSync(manifestPath, `${JSON.stringify({ traces: [...made, ...kept] }, null, 2)}\n`);
