/**
 * `vmspec export --itf FILE`: a trace (`.ndjson`, `-` for stdin) or a saved
 * counterexample (`.replay.json`, run again for its trace) as ITF JSON, the
 * trace format of Apalache and Quint, for their tools and viewers.
 */
import { emulatorTraceHeader } from '../properties/emulatorTraceHeader.ts';
import { loadReplay } from '../properties/replayFile.ts';
import { runScenario } from '../properties/scenarioRuns.ts';
import { errorCode, fileLineBatches, lineBatches, readTraceLines, type TraceHeader } from '../traces/index.ts';
import { lastValue } from './args.ts';
import { defineCommand } from './commandSpec.ts';
import { printOrWrite } from './io.ts';
import { toItf, type Step } from './itf.ts';

type Loaded = { ok: true; header: TraceHeader; steps: Step[] } | { ok: false; error: string };

async function fromTrace(file: string): Promise<Loaded> {
  let header: TraceHeader | undefined;
  const steps: Step[] = [];
  try {
    const batches = file === '-' ? lineBatches(process.stdin.setEncoding('utf8')) : fileLineBatches(file);
    for await (const item of readTraceLines(batches)) {
      if (item.kind === 'header') header = item.header;
      else if (item.kind === 'event') steps.push({ seq: item.seq, event: item.event });
      else return { ok: false, error: `${file}:${item.line}: ${item.message}` };
    }
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, error: `${file}: cannot read (${code})` };
  }
  return header ? { ok: true, header, steps } : { ok: false, error: `${file}: no header` };
}

async function fromReplay(file: string): Promise<Loaded> {
  const loaded = await loadReplay(file);
  if (!loaded.ok) return loaded;
  const run = runScenario(loaded.subject, loaded.file.scenario);
  const result = run.ok ? run.result : undefined;
  const header = emulatorTraceHeader(loaded.subject.variant, result, `counterexample: ${loaded.property.name} on ${loaded.subject.name}`, loaded.file.seed);
  return { ok: true, header, steps: (result?.trace ?? []).map((event, i) => ({ seq: i + 1, event })) };
}

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'write a trace or a saved counterexample as ITF JSON (the trace format of Apalache and Quint)',
  arguments: 'FILE',
  details: "FILE is a trace (.ndjson; '-' reads standard input) or a counterexample (.replay.json, run again for its trace). Exit 2: a bad file.",
  options: [
    { flag: '--itf', description: 'write ITF JSON (the one format so far; required, so that later formats stay explicit)' },
    { flag: '--out', value: 'FILE', description: 'write there instead of to standard output' },
  ],
  examples: ['export --itf trace.ndjson > trace.itf.json', 'export --itf .vmspec/counterexamples/forgets-reprotect.replay.json --out cx.itf.json'],
}, async (args, io) => {
  const fail = (error: string): number => {
    io.err(`vmspec export: ${error}\n`);
    return 2;
  };
  if (!args.switches.has('--itf')) return fail('say which format: --itf');
  const [file, extra] = args.positional;
  if (file === undefined || extra !== undefined) return fail('give exactly one trace or replay file (see vmspec export --help)');
  const loaded = file.endsWith('.replay.json') ? await fromReplay(file) : await fromTrace(file);
  if (!loaded.ok) return fail(loaded.error);
  const text = `${JSON.stringify(toItf(loaded.header, loaded.steps, file), null, 1)}\n`;
  const out = lastValue(args, '--out');
  const written = await printOrWrite(io, out, text);
  if (written !== null) return fail(written);
  if (out === undefined) return 0;
  io.out(`${out}: ${loaded.steps.length} states\n`);
  return 0;
});
