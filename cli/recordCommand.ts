/**
 * `vmspec record WORKLOAD [--variant V] [--seed S] [--out FILE]`: runs a named
 * workload on the emulator and writes its trace in the trace format.
 * `vmspec record --golden DIR` records the golden traces of every preset into
 * DIR and refreshes their entries (origin `emulator`) in DIR/manifest.json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isLeft } from 'fp-ts/lib/Either.js';
import { runWorkload } from '../impl/index.ts';
import { PRESETS, parseVariant, variantName, type Variant } from '../spec/index.ts';
import { writeTrace } from '../traces/index.ts';
import { emulatorTraceHeader } from '../properties/emulatorTraceHeader.ts';
import { manifestCodec, type ManifestEntry } from '../traces/golden/manifestCodec.ts';
import { parseSeed } from '../properties/index.ts';
import { lastValue, parseArgs } from './args.ts';
import type { CliIo, Command } from './io.ts';
import { WORKLOADS } from './workloadCatalog.ts';

/** The workloads recorded as golden traces, per preset. */
export const GOLDEN_WORKLOADS = ['null-syscall', 'context-switch', 'timer-interrupt', 'page-fault', 'forbidden-access'] as const;

async function record(name: string, variant: Variant, seed: number, out: string): Promise<{ ok: true; events: number } | { ok: false; error: string }> {
  const entry = WORKLOADS[name]!;
  const result = runWorkload(entry.make(), { variant, seed, trace: true });
  return writeTrace(out, emulatorTraceHeader(variant, result, name, seed), result.trace);
}

async function recordGolden(dir: string, io: CliIo): Promise<number> {
  const manifestPath = join(dir, 'manifest.json');
  let kept: readonly ManifestEntry[];
  try {
    const decoded = manifestCodec.decode(JSON.parse(await readFile(manifestPath, 'utf8')) as unknown);
    if (isLeft(decoded)) {
      io.err(`vmspec record: ${manifestPath}: does not decode as a manifest\n`);
      return 2;
    }
    kept = decoded.right.traces.filter((e) => e.origin !== 'emulator');
  } catch (error) {
    io.err(`vmspec record: ${manifestPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 2;
  }
  const made: ManifestEntry[] = [];
  for (const [preset, variant] of Object.entries(PRESETS)) {
    for (const name of GOLDEN_WORKLOADS) {
      const file = `emulator-${preset.replace(/^\+/, '')}-${name}.ndjson`;
      const written = await record(name, variant, 1, join(dir, file));
      if (!written.ok) {
        io.err(`vmspec record: ${file}: ${written.error}\n`);
        return 2;
      }
      made.push({ file, origin: 'emulator', about: `${WORKLOADS[name]!.about}, recorded under ${preset}`, exitCode: 0, line: null, code: null, machine: null, state: null });
      io.out(`${file}: ${written.events} events\n`);
    }
  }
  await writeFile(manifestPath, `${JSON.stringify({ traces: [...kept, ...made] }, null, 2)}\n`);
  return 0;
}

export const recordCommand: Command = async (argv, io) => {
  const parsed = parseArgs(argv, { '--variant': 'value', '--seed': 'value', '--out': 'value', '--golden': 'value' });
  if (!parsed.ok) {
    io.err(`vmspec record: ${parsed.error}\n`);
    return 2;
  }
  const { args } = parsed;
  const golden = lastValue(args, '--golden');
  if (golden !== undefined) return recordGolden(golden, io);
  const [name, extra] = args.positional;
  if (name === undefined || extra !== undefined || !Object.hasOwn(WORKLOADS, name)) {
    io.err(`vmspec record: give one workload name (known: ${Object.keys(WORKLOADS).join(', ')})\n`);
    return 2;
  }
  const variantText = lastValue(args, '--variant') ?? 'umlinux';
  const variant = parseVariant(variantText);
  if (!variant.ok) {
    io.err(`vmspec record: ${variant.error}\n`);
    return 2;
  }
  const seedText = lastValue(args, '--seed');
  const seed = seedText === undefined ? { ok: true as const, seed: 1 } : parseSeed(seedText);
  if (!seed.ok) {
    io.err(`vmspec record: option '--seed': ${seed.error}\n`);
    return 2;
  }
  const out = lastValue(args, '--out') ?? `${name}.ndjson`;
  const written = await record(name, variant.variant, seed.seed, out);
  if (!written.ok) {
    io.err(`vmspec record: ${written.error}\n`);
    return 2;
  }
  io.out(`${out}: ${written.events} events of ${name} under ${variantName(variant.variant)}\n`);
  return 0;
};
