/**
 * The `vmspec` command: the registry of subcommands, `help [COMMAND]`,
 * `--version`, suggestions for a misspelt command, and one line (exit 70)
 * instead of a stack trace for anything unexpected.
 */
import { benchCommand } from './benchCommand.ts';
import { calibrateCommand } from './calibrateCommand.ts';
import { checkCommand } from './checkCommand.ts';
import { helpOf, type CliCommand } from './commandSpec.ts';
import { conformCommand } from './conformCommand.ts';
import { diagramCommand } from './diagramCommand.ts';
import { doctorCommand } from './doctorCommand.ts';
import { exploreCommand } from './exploreCommand.ts';
import { exportCommand } from './exportCommand.ts';
import { invocation } from './invocation.ts';
import { processIo, type CliIo } from './io.ts';
import { mergeCommand } from './mergeCommand.ts';
import { mutantsCommand } from './mutantsCommand.ts';
import { packageVersion } from './packageInfo.ts';
import { predictCommand } from './predictCommand.ts';
import { realCommand } from './realCommand.ts';
import { recordCommand } from './recordCommand.ts';
import { replayCommand } from './replayCommand.ts';
import { showCommand } from './showCommand.ts';
import { unknownName } from './suggest.ts';
import { verifyCommand } from './verifyCommand.ts';

/** The subcommands, in the order help lists them. A new command is one more entry here. */
export const COMMANDS: readonly CliCommand[] = [
  checkCommand,
  mutantsCommand,
  verifyCommand,
  replayCommand,
  conformCommand,
  showCommand,
  exploreCommand,
  recordCommand,
  mergeCommand,
  exportCommand,
  calibrateCommand,
  diagramCommand,
  benchCommand,
  realCommand,
  predictCommand,
  doctorCommand,
];

const commandNamed = (name: string): CliCommand | undefined => COMMANDS.find((c) => c.spec.name === name);

/** The help text. */
export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length));
  return [
    'vmspec: an executable specification of a type-2 VMM (UMLinux), an emulator held to it, and the checks.',
    '',
    'Usage: vmspec COMMAND [options]     vmspec help COMMAND     vmspec --version',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary}`),
    '',
    "Every command answers --help (or -h) with its options, defaults and examples. Options end at '--';",
    "a file argument '-' reads standard input.",
    'Exit codes: 0 ok, 1 a check failed, 2 bad input (one line on stderr), 70 internal error.',
    '',
  ].join('\n');
}


function unknownCommand(name: string, io: CliIo): number {
  io.err(`vmspec: ${unknownName('command', name, COMMANDS.map((c) => c.spec.name))}; see vmspec --help\n`);
  return 2;
}

/** Runs the command line `argv` (without `node` and the script). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.out(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === 'help') {
    if (rest[0] === undefined) {
      io.out(helpText());
      return 0;
    }
    const command = commandNamed(rest[0]);
    if (!command) return unknownCommand(rest[0], io);
    const sub = command.spec.subcommands?.find((s) => s.spec.name === rest[1]);
    io.out(sub ? helpOf(sub.spec, io, [command.spec.name]) : helpOf(command.spec, io));
    return 0;
  }
  if (name === '--version' || name === '-v' || name === '-V') {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  const command = commandNamed(name);
  if (!command) return unknownCommand(name, io);
  try {
    return await command(rest, io);
  } catch (error) {
    io.err(`vmspec ${name}: internal error: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}\n`);
    return 70;
  }
}

/** Runs this process's command line (bin/vmspec.js), printing replay commands the way vmspec was invoked. */
export function runProcess(): Promise<number> {
  return main(process.argv.slice(2), processIo(invocation({ script: process.argv[1] ?? 'vmspec', cwd: process.cwd(), env: process.env })));
}

/** The README's command table (checked by a test against the README): every command and subcommand, with its arguments and summary. */
export function commandTable(): string {
  // A `|` splits a Markdown table cell even inside backticks, so it is escaped in both cells.
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const row = (name: string, c: CliCommand) => `| \`${cell(`${name}${c.spec.arguments ? ` ${c.spec.arguments}` : ''}`)}\` | ${cell(c.spec.summary)} |`;
  return [
    '| command | what it does |',
    '|---|---|',
    ...COMMANDS.flatMap((c) => [row(c.spec.name, c), ...(c.spec.subcommands ?? []).map((s) => row(`${c.spec.name} ${s.spec.name}`, s))]),
  ].join('\n');
}
