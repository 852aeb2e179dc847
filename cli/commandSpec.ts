/**
 * How a `vmspec` command declares its command line (options with their
 * values, defaults and descriptions, positional arguments, examples), and the
 * parser that reads it: commander, which gives every command `--help`/`-h`,
 * `--` and `--name=value`, and suggests the option meant by a misspelt one.
 * A command's logic gets the parsed arguments; help, and every usage error as
 * one line with exit 2, are handled here.
 */
import { Command as Commander, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ParsedArgs } from './args.ts';
import type { CliIo, Command } from './io.ts';

/** One option of a command. */
export interface OptionSpec {
  /** `--name`. */
  readonly flag: `--${string}`;
  /** A one-letter alias, e.g. `-n`. */
  readonly short?: `-${string}`;
  /** The value's placeholder (`N`, `FILE`); absent for a switch. */
  readonly value?: string;
  /** True when the option may be given more than once (each value kept). */
  readonly repeatable?: boolean;
  readonly description: string;
  /** The default, as shown in help. */
  readonly default?: string;
}

/** The command line of one command. */
export interface CommandSpec {
  /** The name after `vmspec` (`check`), or after the parent command for a subcommand (`paper`). */
  readonly name: string;
  /** One line: what the command does. */
  readonly summary: string;
  /** The positional arguments as shown in the usage line, e.g. `FILE…` or `[NAME…]`. */
  readonly arguments?: string;
  /** More text for `--help`: what the arguments are, exit codes, where output goes. */
  readonly details?: string;
  readonly options: readonly OptionSpec[];
  /** Full example command lines, without the leading `vmspec`. */
  readonly examples: readonly string[];
  /** Commands under this one (`bench paper`). */
  readonly subcommands?: readonly CliCommand[];
}

/** A command with its declared command line: callable as `(argv, io)`, as every command is. */
export type CliCommand = Command & { readonly spec: CommandSpec };

/** The logic of a command, given arguments already parsed against its spec. */
export type CommandLogic = (args: ParsedArgs, io: CliIo) => Promise<number>;

/** The usage line of a command (after `vmspec `). */
export function usageOf(spec: CommandSpec, parents: readonly string[] = []): string {
  const options = spec.options.map((o) => `[${o.flag}${o.value ? ` ${o.value}` : ''}]${o.repeatable ? '…' : ''}`).join(' ');
  return [...parents, spec.name, spec.arguments ?? '', options].filter((part) => part !== '').join(' ');
}

function commanderFor(spec: CommandSpec, parents: readonly string[], io: CliIo, errors: string[]): Commander {
  const command = new Commander(['vmspec', ...parents, spec.name].join(' '))
    .usage(`${spec.arguments ? `${spec.arguments} ` : ''}[options]`)
    .description(spec.summary)
    .allowExcessArguments(true)
    .allowUnknownOption(false)
    .helpOption('-h, --help', 'show this help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: (text) => void errors.push(text),
      getOutHelpWidth: () => io.columns ?? 80,
      getErrHelpWidth: () => io.columns ?? 80,
    });
  for (const o of spec.options) {
    const flags = `${o.short ? `${o.short}, ` : ''}${o.flag}${o.value ? ` <${o.value}>` : ''}`;
    const description = `${o.description}${o.default === undefined ? '' : ` (default: ${o.default})`}${o.repeatable ? ' (repeatable)' : ''}`;
    const option = new Option(flags, description);
    if (o.value) {
      option.argParser((value: string, previous: unknown) => {
        if (value === '') throw new InvalidArgumentError('It is empty.');
        return [...(Array.isArray(previous) ? (previous as string[]) : []), value];
      });
    }
    command.addOption(option);
  }
  command.addHelpText('after', helpAfter(spec, parents));
  return command;
}

/** What help shows after the options: subcommands, details, examples. */
function helpAfter(spec: CommandSpec, parents: readonly string[]): string {
  const sub = spec.subcommands ?? [];
  const extra: string[] = [];
  if (sub.length > 0) extra.push('Commands:', ...sub.map((c) => `  vmspec ${[...parents, spec.name, c.spec.name].join(' ')}${c.spec.arguments ? ` ${c.spec.arguments}` : ''}  ${c.spec.summary}`), '');
  if (spec.details) extra.push(spec.details.trimEnd(), '');
  if (spec.examples.length > 0) extra.push('Examples:', ...spec.examples.map((e) => `  vmspec ${e}`), '');
  return extra.length > 0 ? `\n${extra.join('\n')}` : '';
}

/** Commander's error text as one line: `unknown option '--x' (Did you mean --y?)`. */
function oneLine(text: string): string {
  const [first = '', ...rest] = text.replace(/^error: /, '').trim().split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return rest.length === 0 ? first : `${first} (${rest.join('; ').replace(/^\((.*)\)$/, '$1')})`;
}

/** What parsing `argv` against `spec` came to: arguments, or an exit code (help shown, or a usage error printed). */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[], io: CliIo, parents: readonly string[] = []): { ok: true; args: ParsedArgs } | { ok: false; exitCode: number } {
  const errors: string[] = [];
  const command = commanderFor(spec, parents, io, errors);
  const name = ['vmspec', ...parents, spec.name].join(' ');
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') return { ok: false, exitCode: 0 };
    io.err(`${name}: ${oneLine(errors.join('') || error.message)}; see ${name} --help\n`);
    return { ok: false, exitCode: 2 };
  }
  const values = new Map<string, readonly string[]>();
  const switches = new Set<string>();
  const parsed = command.opts<Record<string, unknown>>();
  for (const o of spec.options) {
    const key = command.options.find((option) => option.long === o.flag)!.attributeName();
    const value = parsed[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) values.set(o.flag, value as string[]);
    else if (value === true) switches.add(o.flag);
  }
  return { ok: true, args: { positional: command.args, switches, values } };
}

/** The help text of a command, as `--help` prints it. */
export function helpOf(spec: CommandSpec, io: CliIo, parents: readonly string[] = []): string {
  return `${commanderFor(spec, parents, io, []).helpInformation()}${helpAfter(spec, parents)}`;
}

/** A command from its spec and logic: parses, answers `--help`, and dispatches to a subcommand named first. */
export function defineCommand(spec: CommandSpec, logic: CommandLogic, parents: readonly string[] = []): CliCommand {
  const run: Command = async (argv, io) => {
    const sub = spec.subcommands?.find((c) => c.spec.name === argv[0]);
    if (sub !== undefined) return sub(argv.slice(1), io);
    const parsed = parseCommandLine(spec, argv, io, parents);
    return parsed.ok ? logic(parsed.args, io) : parsed.exitCode;
  };
  return Object.assign(run, { spec });
}
