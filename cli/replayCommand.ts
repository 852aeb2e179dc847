/**
 * `vmspec replay FILE.replay.json [--trace OUT]`: runs a saved counterexample
 * again on its subject and judges its property. Exit 1 when the failure
 * reproduces, 0 when the scenario now passes, 2 for a bad file.
 */
import { finished, runScenario } from '../properties/scenarioProperty.ts';
import { loadReplay, saveCounterexample } from '../properties/replayFile.ts';
import { Violation } from '../properties/index.ts';
import { lastValue } from './args.ts';
import { defineCommand } from './commandSpec.ts';
import { dirname, basename } from 'node:path';

export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'run a saved counterexample again and judge it',
  arguments: 'FILE.replay.json',
  details: 'Exit 1 the failure reproduces, 0 the scenario now passes, 2 a bad file.',
  options: [{ flag: '--trace', value: 'OUT.ndjson', description: 'also write the trace of the run' }],
  examples: ['replay .vmspec/counterexamples/forgets-reprotect.replay.json', 'replay cx.replay.json --trace cx.ndjson'],
}, async (args, io) => {
  const [file, extra] = args.positional;
  if (file === undefined || extra !== undefined) {
    io.err('vmspec replay: give exactly one replay file (see vmspec replay --help)\n');
    return 2;
  }
  const loaded = await loadReplay(file);
  if (!loaded.ok) {
    io.err(`vmspec replay: ${loaded.error}\n`);
    return 2;
  }
  const { subject, property, file: replay } = loaded;
  io.out(`replaying ${property.name} on ${subject.name} (${replay.scenario.workload.programs.length} process(es))\n`);
  let verdict: string | undefined;
  try {
    finished(runScenario(subject, replay.scenario));
    property.judge!(subject, replay.scenario);
  } catch (error) {
    if (!(error instanceof Violation)) throw error;
    verdict = error.message;
  }
  const traceOut = lastValue(args, '--trace');
  if (traceOut !== undefined) {
    const name = basename(traceOut).replace(/\.ndjson$/, '');
    const saved = await saveCounterexample(dirname(traceOut), name, subject, property.name, replay.scenario, replay.seed);
    if (!saved.ok) {
      io.err(`vmspec replay: ${saved.error}\n`);
      return 2;
    }
    io.out(`trace written to ${saved.saved.trace}\n`);
  }
  if (verdict === undefined) {
    io.out(`passes: ${property.name} holds on ${subject.name} for this scenario\n`);
    return 0;
  }
  io.out(`reproduced: ${property.name} fails on ${subject.name}: ${verdict}\n`);
  return 1;
});
