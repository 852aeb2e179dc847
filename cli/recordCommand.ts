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
import { PRESETS, variantName, type Variant } from '../spec/index.ts';
import { writeTrace } from '../traces/index.ts';
import { emulatorTraceHeader } from '../properties/emulatorTraceHeader.ts';
import { manifestCodec, type ManifestEntry } from '../traces/golden/manifestCodec.ts';
import { parseSeed } from '../properties/index.ts';
import { lastValue } from './args.ts';
import { defineCommand } from './commandSpec.ts';
import type { CliIo } from './io.ts';
import { variantByName } from './names.ts';
import { widthOf } from './wrap.ts';
import { unknownName } from './suggest.ts';
import { WORKLOAD_ALIASES, WORKLOAD_NAMES, WORKLOADS, workloadList, workloadNamed } from './workloadCatalog.ts';

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

export const recordCommand = defineCommand({
  name: 'record',
  summary: 'run a named workload on the emulator and write its trace',
  arguments: 'WORKLOAD',
  details: [
    'WORKLOAD is one of the named workloads (see --list). The names vmspec real',
    'uses are aliases of the ones that run the same iteration:',
    ...Object.entries(WORKLOAD_ALIASES).map(([alias, name]) => `  ${alias.padEnd(8)} = ${name}`),
    "(real's pipeline execs busybox: real UML only). 'record --golden DIR'",
    're-records the golden traces of every preset into DIR.',
  ].join('\n'),
  options: [
    { flag: '--variant', value: 'V', description: 'the variant to run it under', default: 'umlinux' },
    { flag: '--seed', value: 'S', description: "the guest scheduler's seed", default: '1' },
    { flag: '--out', value: 'FILE', description: 'where the trace goes', default: 'WORKLOAD.ndjson' },
    { flag: '--golden', value: 'DIR', description: 'record the golden traces of every preset into DIR and refresh DIR/manifest.json' },
    { flag: '--list', description: 'list the workloads, and exit' },
  ],
  examples: ['record null-syscall --variant +multi-as --out null.ndjson', 'record pingpong --variant skas0', 'record --golden traces/golden', 'record --list'],
}, async (args, io) => {
  if (args.switches.has('--list')) {
    io.out(`${workloadList(widthOf(io.columns))}\n`);
    return 0;
  }
  const golden = lastValue(args, '--golden');
  if (golden !== undefined) return recordGolden(golden, io);
  const [given, extra] = args.positional;
  if (given === undefined || extra !== undefined) {
    io.err(`vmspec record: give one workload name (known: ${WORKLOAD_NAMES.join(', ')})\n`);
    return 2;
  }
  if (given === 'pipeline') {
    io.err("vmspec record: 'pipeline' runs on real UML only (vmspec real record pipeline)\n");
    return 2;
  }
  const name = workloadNamed(given);
  if (name === null) {
    io.err(`vmspec record: ${unknownName('workload', given, WORKLOAD_NAMES)}\n`);
    return 2;
  }
  const variantText = lastValue(args, '--variant') ?? 'umlinux';
  const variant = variantByName(variantText);
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
  const out = lastValue(args, '--out') ?? `${given}.ndjson`;
  const written = await record(name, variant.variant, seed.seed, out);
  if (!written.ok) {
    io.err(`vmspec record: ${written.error}\n`);
    return 2;
  }
  io.out(`${out}: ${written.events} events of ${name}${given === name ? '' : ` (${given})`} under ${variantName(variant.variant)}\n`);
  return 0;
});
