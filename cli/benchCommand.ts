/**
 * `vmspec bench [NAME…]`: runs the benchmarks and prints their figures. Speed
 * is measured here, never asserted in tests. `vmspec bench paper …` is the
 * paper's evaluation from the calibrated cost model (its own options).
 */
import { checkerBench } from '../bench/checkerBench.ts';
import { emulatorBench } from '../bench/emulatorBench.ts';
import { integrityBench } from '../bench/integrityBench.ts';
import { mutantBench } from '../bench/mutantBench.ts';
import { stepperBench } from '../bench/stepperBench.ts';
import { paperBenchCommand } from './paperBenchCommand.ts';
import type { Command } from './io.ts';

type Bench = (out: (line: string) => void) => Promise<void>;

/** The benchmarks by name, in the order `bench` runs them. */
export const BENCHES: Readonly<Record<string, Bench>> = {
  stepper: stepperBench,
  emulator: emulatorBench,
  checker: checkerBench,
  integrity: integrityBench,
  mutants: mutantBench,
};

export const benchCommand: Command = async (argv, io) => {
  if (argv[0] === 'paper') return paperBenchCommand(argv.slice(1), io);
  const names = argv.length === 0 ? Object.keys(BENCHES) : argv;
  const unknown = names.find((name) => !Object.hasOwn(BENCHES, name));
  if (unknown !== undefined) {
    io.err(`vmspec bench: unknown benchmark '${unknown}' (known: ${[...Object.keys(BENCHES), 'paper'].join(', ')})\n`);
    return 2;
  }
  io.out(`vmspec bench on node ${process.version}, ${process.platform}/${process.arch}\n`);
  for (const name of names) await BENCHES[name]!((line) => io.out(`${line}\n`));
  return 0;
};
