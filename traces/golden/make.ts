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
import { relationCaseHeader, relationCases } from './relationCases.ts';
import { conformLines } from '../check/conformTrace.ts';

const readLines = async (path: string): Promise<string[]> => readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
import { manifestCodec, type ManifestEntry } from './manifestCodec.ts';

const here = dirname(fileURLToPath(import.meta.url));
const manifestPath = join(here, 'manifest.json');

let kept: readonly ManifestEntry[] = [];
try {
  const decoded = manifestCodec.decode(JSON.parse(readFileSync(manifestPath, 'utf8')) as unknown);
  if (decoded._tag === 'Left') throw new Error('manifest.json does not decode; fix it by hand first');
  kept = decoded.right.traces.filter((entry) => entry.origin !== 'paper-path' && entry.origin !== 'relation-case');
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
for (const c of relationCases()) {
  const header = relationCaseHeader(c);
  const result = await writeTrace(join(here, c.file), header, c.events);
  if (!result.ok) throw new Error(`${c.file}: ${result.error}`);
  const verdict = conformLines(await readLines(join(here, c.file)));
  const line = c.breaks === undefined ? null : c.breaks.at === 'end' ? c.events.length + 1 : c.breaks.at + 2;
  made.push({
    file: c.file, origin: 'relation-case', about: c.about, exitCode: c.breaks === undefined ? 0 : 1, line,
    code: c.breaks === undefined ? null : c.breaks.at === 'end' ? 'incomplete' : 'spec-rejects',
    machine: c.breaks?.machine ?? null, state: verdict.kind === 'diverges' ? verdict.state : null,
  });
  console.log(`${c.file}: ${result.events} events`);
}
writeFileSync(manifestPath, `${JSON.stringify({ traces: [...made, ...kept] }, null, 2)}\n`);
