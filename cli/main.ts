/**
 * The `vmspec` command: dispatches to its subcommands and turns any
 * unexpected exception into a one-line error (exit 70) instead of a stack trace.
 */
import { packageVersion } from './packageInfo.ts';
import { benchCommand } from './benchCommand.ts';
import { calibrateCommand } from './calibrateCommand.ts';
import { checkCommand } from './checkCommand.ts';
import { conformCommand } from './conformCommand.ts';
import { diagramCommand } from './diagramCommand.ts';
import { EXPLORE_USAGE, exploreCommand } from './exploreCommand.ts';
import { mutantsCommand } from './mutantsCommand.ts';
import { recordCommand } from './recordCommand.ts';
import { replayCommand } from './replayCommand.ts';
import { VERIFY_USAGE, verifyCommand } from './verifyCommand.ts';
import { processIo, type CliIo, type Command } from './io.ts';

interface Subcommand {
  readonly run: Command;
  readonly usage: string;
  readonly summary: string;
}

/** The subcommands, by name. */
export const COMMANDS: Readonly<Record<string, Subcommand>> = {
  check: {
    run: checkCommand,
    usage: 'check [--variant V]… [--mutant M]… [--property P]… [--runs N] [--seed S] [--path P] [--json]',
    summary: 'run the property suites over every variant (the main job)',
  },
  conform: {
    run: conformCommand,
    usage: 'conform FILE… [--variant V] [--json]',
    summary: 'check recorded traces against the spec of their variant',
  },
  mutants: {
    run: mutantsCommand,
    usage: 'mutants [--runs N] [--seed S] [--out DIR] [--json]',
    summary: 'hunt the catalogued broken VMMs; save each counterexample as a replay file and a trace',
  },
  record: {
    run: recordCommand,
    usage: 'record WORKLOAD [--variant V] [--seed S] [--out FILE] | record --golden DIR',
    summary: 'run a named workload on the emulator and write its trace',
  },
  verify: {
    run: verifyCommand,
    usage: VERIFY_USAGE.replace(/^vmspec /, ''),
    summary: 'verify a plug-in (a new optimization): every emulator property, a cost report, counterexamples',
  },
  explore: {
    run: exploreCommand,
    usage: EXPLORE_USAGE.replace(/^usage: vmspec /, ''),
    summary: 'explore the spec breadth first within bounds: states, dead ends, invariants, shortest paths as traces',
  },
  replay: { run: replayCommand, usage: 'replay FILE.replay.json [--trace OUT.ndjson]', summary: 'run a saved counterexample again and judge it' },
  calibrate: {
    run: calibrateCommand,
    usage: 'calibrate [--out FILE] [--reps N] [--batch N] [--json]',
    summary: "measure this host's syscall, switch, signal, mmap/mprotect and ptrace costs into calibration.json",
  },
  diagram: { run: diagramCommand, usage: 'diagram [MACHINE…] [--out DIR] [--list]', summary: 'print spec machines as Mermaid state diagrams' },
  bench: {
    run: benchCommand,
    usage: 'bench [stepper|emulator|checker]… | bench paper [--out DIR] [--calibration FILE] [--json]',
    summary: "run the benchmarks; 'bench paper' reproduces the paper's evaluation from the calibrated cost model",
  },
};

/** The help text. */
export function helpText(): string {
  const lines = Object.entries(COMMANDS).map(([, c]) => `  vmspec ${c.usage}\n      ${c.summary}`);
  return [
    'vmspec: an executable specification of a type-2 VMM (UMLinux), an emulator held to it, and the checks.',
    '',
    'usage:',
    ...lines,
    '  vmspec help | --help | --version',
    '',
    'Exit codes: 0 ok, 1 a check failed, 2 bad input, 70 internal error.',
    '',
  ].join('\n');
}

/** Runs the command line `argv` (without `node` and the script). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!Object.hasOwn(COMMANDS, name) || command === undefined) {
    io.err(`vmspec: unknown command '${name}' (known: ${Object.keys(COMMANDS).join(', ')}; see vmspec --help)\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.err(`vmspec ${name}: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 70;
  }
}
