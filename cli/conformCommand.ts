/**
 * `vmspec conform FILE… [--variant V] [--json]`: checks recorded traces
 * against the spec of their variant (traces/FORMAT.md). Exit 0: every trace
 * conforms; 1: some trace diverges (first divergence reported); 2: some file
 * is malformed, unreadable, or names an unknown variant, or the usage is wrong.
 */
import { composeSpec, type Variant, type VariantSpec } from '../spec/index.ts';
import { loadPlugin } from '../plugins/loadPlugin.ts';
import { conformBatches, conformFile, formatSummary, lineBatches, formatVerdict, summarize, type FileVerdict } from '../traces/index.ts';
import { lastValue } from './args.ts';
import { defineCommand } from './commandSpec.ts';
import type { CliIo } from './io.ts';
import { variantByName } from './names.ts';
import { wrapLine } from './wrap.ts';

/**
 * A verdict's lines fitted to a terminal `width` wide: each field wrapped under
 * its value (`  expected: ` and so on), the trace's own lines around a
 * divergence cut with `…` (the file has them whole, at the line number shown).
 */
export function fitToTerminal(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => {
    if (/^ {2}[ >] +\d+ \| /.test(line)) return [line.length <= width ? line : `${line.slice(0, width - 1)}…`];
    const field = /^ {2}[a-z]+: +/.exec(line)?.[0];
    return wrapLine(line, width, ' '.repeat(field === undefined ? 4 : Math.min(field.length, 12)));
  });
}

function usageError(io: CliIo, message: string): number {
  io.err(`vmspec conform: ${message}; see vmspec conform --help\n`);
  return 2;
}

/** The `conform` command. */
export const conformCommand = defineCommand({
  name: 'conform',
  summary: 'check recorded traces against the spec of their variant',
  arguments: 'FILE…',
  details: [
    "FILE is an NDJSON trace (traces/FORMAT.md); '-' reads one from standard input.",
    'Exit 0 every trace conforms, 1 a trace diverges (its first divergence is shown), 2 a file is malformed or unreadable.',
  ].join('\n'),
  options: [
    { flag: '--variant', value: 'V', description: "judge against this variant's spec instead of the one in the header; a .ts/.js file: a plug-in's spec (its own machines and its base's)" },
    { flag: '--json', description: 'one JSON document instead of text' },
  ],
  examples: ['conform trace.ndjson', 'conform traces/golden/*.ndjson --json', 'conform - < trace.ndjson'],
}, async (args, io) => {
  if (args.positional.length === 0) return usageError(io, 'no trace file given');
  const variantText = lastValue(args, '--variant');
  let variant: Variant | undefined;
  let spec: VariantSpec | undefined;
  if (variantText !== undefined) {
    const parsedVariant = variantByName(variantText);
    if (/\.(ts|mts|js|mjs)$/.test(variantText)) {
      const loaded = await loadPlugin(variantText);
      if (!loaded.ok) return usageError(io, loaded.error);
      variant = loaded.plugin.base;
      spec = composeSpec(`plugin:${loaded.plugin.name}`, loaded.plugin.components);
    } else {
      if (!parsedVariant.ok) return usageError(io, parsedVariant.error);
      variant = parsedVariant.variant;
    }
  }
  const verdicts: FileVerdict[] = [];
  for (const file of args.positional) {
    const verdict = file === '-' ? await conformBatches(lineBatches(process.stdin.setEncoding('utf8')), { variant, spec }) : await conformFile(file, { variant, spec });
    verdicts.push({ file, verdict });
  }
  const summary = summarize(verdicts);
  if (args.switches.has('--json')) {
    io.out(`${JSON.stringify({ exitCode: summary.exitCode, summary, files: verdicts })}\n`);
    return summary.exitCode;
  }
  for (const entry of verdicts) {
    // On a terminal the report fits its width; piped, each line stays whole for grep.
    const lines = io.columns === undefined ? formatVerdict(entry) : fitToTerminal(formatVerdict(entry), io.columns);
    const text = `${lines.join('\n')}\n`;
    if (entry.verdict.kind === 'malformed' || entry.verdict.kind === 'unreadable') io.err(text);
    else io.out(text);
  }
  if (verdicts.length > 1) io.out(`${formatSummary(summary)}\n`);
  return summary.exitCode;
});
