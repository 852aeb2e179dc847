/**
 * `vmspec replay FILE.replay.json [--trace OUT]`: runs a saved counterexample
 * again on its subject and judges its property. Exit 1 when the failure
 * reproduces, 0 when the scenario now passes, 2 for a bad file.
 */
import { finished, runScenario } from '../properties/scenarioProperty.ts';
import { loadReplay, saveCounterexample } from '../properties/replayFile.ts';
import { Violation } from '../properties/index.ts';
import { lastValue, parseArgs } from './args.ts';
import type { Command } from './io.ts';
import { dirname, basename } from 'node:path';

export const replayCommand: Command = async (argv, io) => {
  const parsed = parseArgs(argv, { '--trace': 'value' });
  if (!parsed.ok) {
    io.err(`vmspec replay: ${parsed.error}\n`);
    return 2;
  }
  const [file, extra] = parsed.args.positional;
  if (file === undefined || extra !== undefined) {
    io.err('vmspec replay: give exactly one replay file (usage: vmspec replay FILE.replay.json [--trace OUT.ndjson])\n');
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
  const traceOut = lastValue(parsed.args, '--trace');
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
};
