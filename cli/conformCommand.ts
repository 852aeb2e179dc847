/**
 * `vmspec conform FILE… [--variant V] [--json]`: checks recorded traces
 * against the spec of their variant (traces/FORMAT.md). Exit 0: every trace
 * conforms; 1: some trace diverges (first divergence reported); 2: some file
 * is malformed, unreadable, or names an unknown variant, or the usage is wrong.
 */
import { parseVariant, type Variant } from '../spec/index.ts';
import { conformFile, formatSummary, formatVerdict, summarize, type FileVerdict } from '../traces/index.ts';
import { lastValue, parseArgs } from './args.ts';
import type { CliIo, Command } from './io.ts';

const USAGE = 'usage: vmspec conform FILE… [--variant V] [--json]';

function usageError(io: CliIo, message: string): number {
  io.err(`vmspec conform: ${message}\n${USAGE}\n`);
  return 2;
}

/** The `conform` command. */
export const conformCommand: Command = async (argv, io) => {
  const parsed = parseArgs(argv, { '--variant': 'value', '--json': 'switch' });
  if (!parsed.ok) return usageError(io, parsed.error);
  const { args } = parsed;
  if (args.positional.length === 0) return usageError(io, 'no trace file given');
  const variantText = lastValue(args, '--variant');
  let variant: Variant | undefined;
  if (variantText !== undefined) {
    const parsedVariant = parseVariant(variantText);
    if (!parsedVariant.ok) return usageError(io, parsedVariant.error);
    variant = parsedVariant.variant;
  }
  const verdicts: FileVerdict[] = [];
  for (const file of args.positional) verdicts.push({ file, verdict: await conformFile(file, { variant }) });
  const summary = summarize(verdicts);
  if (args.switches.has('--json')) {
    io.out(`${JSON.stringify({ exitCode: summary.exitCode, summary, files: verdicts })}\n`);
    return summary.exitCode;
  }
  for (const entry of verdicts) {
    const lines = formatVerdict(entry);
    const text = `${lines.join('\n')}\n`;
    if (entry.verdict.kind === 'malformed' || entry.verdict.kind === 'unreadable') io.err(text);
    else io.out(text);
  }
  if (verdicts.length > 1) io.out(`${formatSummary(summary)}\n`);
  return summary.exitCode;
};
