/**
 * Saved counterexamples: a replay file names the subject (a variant, a
 * mutant as `mutant:NAME`, a plug-in as `plugin:PATH`), the property it broke and the shrunk scenario;
 * beside it, the trace of that scenario on the subject. `vmspec replay` runs
 * the scenario again and judges it; `vmspec conform` checks the trace.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { parseVariant } from '../spec/index.ts';
import { firstFailure, formatFailure, writeTrace } from '../traces/index.ts';
import type { Scenario } from './arbitraries/workloadArbitrary.ts';
import { MUTANTS, mutantSubject } from './mutants/mutantCatalog.ts';
import { emulatorTraceHeader } from './emulatorTraceHeader.ts';
import { NAMED_PROPERTIES } from './registry.ts';
import { scenarioCodec } from './scenarioCodec.ts';
import { runScenario } from './scenarioRuns.ts';
import { variantSubject, type Subject } from './subject.ts';
import type { VmspecProperty } from './property.ts';

/** The replay file format. */
export const replayFileCodec = t.strict({
  format: t.literal('vmspec-replay'),
  version: t.literal(1),
  subject: t.string,
  property: t.string,
  seed: t.union([t.number, t.null]),
  scenario: scenarioCodec,
});
/** A decoded replay file. */
export type ReplayFile = t.TypeOf<typeof replayFileCodec>;

/** The subject a replay file names, or why it names none. */
export function subjectByName(name: string): { ok: true; subject: Subject } | { ok: false; error: string } {
  if (name.startsWith('mutant:')) {
    const mutant = MUTANTS.find((m) => m.name === name.slice('mutant:'.length));
    return mutant ? { ok: true, subject: mutantSubject(mutant) } : { ok: false, error: `unknown mutant '${name}' (known: ${MUTANTS.map((m) => m.name).join(', ')})` };
  }
  const parsed = parseVariant(name);
  return parsed.ok ? { ok: true, subject: variantSubject(parsed.variant) } : { ok: false, error: parsed.error };
}

/** What a replay file asks for, checked: the subject, the property and the scenario. */
export type LoadedReplay = { ok: true; file: ReplayFile; subject: Subject; property: VmspecProperty } | { ok: false; error: string };

/** Reads and decodes a replay file; errors name the file and the JSON path. */
export async function loadReplay(path: string): Promise<LoadedReplay> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, error: `${path}: unreadable: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${path}: not JSON: ${(error as Error).message}` };
  }
  const decoded = replayFileCodec.decode(json);
  if (isLeft(decoded)) return { ok: false, error: `${path}: ${formatFailure(firstFailure(decoded.left))}` };
  const file = decoded.right;
  // A plug-in (`plugin:PATH`, saved by `vmspec verify`) is loaded on demand; plugins/ depends on properties/, not the reverse.
  const subject = file.subject.startsWith('plugin:')
    ? await (await import('../plugins/pluginSubjectByName.ts')).pluginSubjectByName(file.subject)
    : subjectByName(file.subject);
  if (!subject.ok) return { ok: false, error: `${path}: $.subject: ${subject.error}` };
  const property = NAMED_PROPERTIES.find((p) => p.name === file.property && p.judge !== undefined);
  if (!property) return { ok: false, error: `${path}: $.property: '${file.property}' is not an emulator property` };
  return { ok: true, file, subject: subject.subject, property };
}

/** The paths a saved counterexample is written to. */
export interface SavedCounterexample {
  readonly replay: string;
  readonly trace: string;
}

/** Saves a counterexample as `DIR/NAME.replay.json` and its trace on the subject as `DIR/NAME.ndjson`. */
export async function saveCounterexample(
  dir: string,
  name: string,
  subject: Subject,
  property: string,
  scenario: Scenario,
  seed: number | null,
): Promise<{ ok: true; saved: SavedCounterexample } | { ok: false; error: string }> {
  const saved = { replay: join(dir, `${name}.replay.json`), trace: join(dir, `${name}.ndjson`) };
  const file: ReplayFile = { format: 'vmspec-replay', version: 1, subject: subject.name, property, seed, scenario };
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(saved.replay, `${JSON.stringify(file, null, 1)}\n`);
  } catch (error) {
    return { ok: false, error: `cannot write '${saved.replay}': ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  const run = runScenario(subject, scenario);
  const result = run.ok ? run.result : undefined;
  const header = emulatorTraceHeader(subject.variant, result, `counterexample: ${property} on ${subject.name}`, seed);
  const written = await writeTrace(saved.trace, header, result?.trace ?? []);
  return written.ok ? { ok: true, saved } : { ok: false, error: written.error };
}
