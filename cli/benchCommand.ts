/**
 * `vmspec bench [NAME…]`: runs the benchmarks and prints their figures. Speed
 * is measured here, never asserted in tests. `vmspec bench paper …` is the
 * paper's evaluation from the calibrated cost model (its own options).
 */
import { checkerBench } from '../bench/checkerBench.ts';
import { emulatorBench } from '../bench/emulatorBench.ts';
import { exploreBench } from '../bench/exploreBench.ts';
import { integrityBench } from '../bench/integrityBench.ts';
import { mutantBench } from '../bench/mutantBench.ts';
import { pinnedBench } from '../bench/pinnedBench.ts';
import { stepperBench } from '../bench/stepperBench.ts';
import { paperBenchCommand } from './paperBenchCommand.ts';
import { defineCommand } from './commandSpec.ts';
import { unknownName } from './suggest.ts';

type Bench = (out: (line: string) => void) => Promise<void>;

/** The benchmarks by name, in the order `bench` runs them. */
export const BENCHES: Readonly<Record<string, Bench>> = {
  stepper: stepperBench,
  emulator: emulatorBench,
  checker: checkerBench,
  integrity: integrityBench,
  mutants: mutantBench,
  pinned: pinnedBench,
  explore: exploreBench,
};

export const benchCommand = defineCommand({
  name: 'bench',
  summary: "run the benchmarks and print their figures; 'bench paper' reproduces the paper's evaluation",
  arguments: '[NAME…]',
  details: `NAME is a benchmark: ${Object.keys(BENCHES).join(', ')} (default: all).`,
  options: [{ flag: '--list', description: 'list the benchmarks, and exit' }],
  examples: ['bench', 'bench checker', 'bench paper --help'],
  subcommands: [paperBenchCommand],
}, async (args, io) => {
  if (args.switches.has('--list')) {
    io.out(`${[...Object.keys(BENCHES), 'paper'].join('\n')}\n`);
    return 0;
  }
  const names = args.positional.length === 0 ? Object.keys(BENCHES) : args.positional;
  const unknown = names.find((name) => !Object.hasOwn(BENCHES, name));
  if (unknown !== undefined) {
    io.err(`vmspec bench: ${unknownName('benchmark', unknown, [...Object.keys(BENCHES), 'paper'])}\n`);
    return 2;
  }
  io.out(`vmspec bench on node ${process.version}, ${process.platform}/${process.arch}\n`);
  for (const name of names) await BENCHES[name]!((line) => io.out(`${line}\n`));
  return 0;
});
