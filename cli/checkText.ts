/**
 * check's report as text for a person, every line within the terminal's
 * width (80 columns when piped): the subject × property table (the compact
 * matrix when the wide one does not fit), each failure with its replay
 * command, the count, and the footer saying what the run showed.
 */
import { checkFooter } from './checkFooter.ts';
import { checkMatrix } from './checkMatrix.ts';
import { notApplicableText, type CheckReport, type CheckResult } from './checkReport.ts';
import type { CliIo } from './io.ts';
import { paint } from './style.ts';
import { count, fittedTable } from './table.ts';
import { widthOf, wrapLine, wrapText } from './wrap.ts';

/** Lines of a counterexample shown; the whole one is in `--reporter json`. */
const COUNTEREXAMPLE_LINES = 6;

/** A shell command wrapped with `\` continuations, so the wrapped lines still paste as one command. */
export function shellLines(command: string, width: number, indent: string): string[] {
  const lines = wrapLine(command, width - 2, `${indent}  `);
  return lines.map((line, i) => (i < lines.length - 1 ? `${line} \\` : line));
}

/** A long value cut to a few wrapped lines, saying where the rest is. */
function clipped(label: string, value: string, width: number): string[] {
  const lines = wrapLine(`  ${label}: ${value}`, width, '    ');
  if (lines.length <= COUNTEREXAMPLE_LINES) return lines;
  return [...lines.slice(0, COUNTEREXAMPLE_LINES), wrapText('    … (cut here; --reporter json has it whole)', width)];
}

/**
 * The addresses of a counterexample in hex: its JSON must stay decimal (it is
 * what replays), but a person compares addresses with 0x70000000 and the like.
 */
export function addressesInHex(counterexample: string): string | undefined {
  const numbers = [...new Set([...counterexample.matchAll(/"(?:addr|start|limit)":(\d+)/g)].map((m) => Number(m[1])))];
  return numbers.length === 0 ? undefined : numbers.map((n) => `${n} = 0x${n.toString(16)}`).join(', ');
}

/** A failure's text: its error, seed, counterexample (with its addresses in hex) and replay command. */
function failureText(f: CheckResult, io: CliIo, width: number): string[] {
  if (f.verdict.ok) return [];
  const head = wrapLine(`FAIL ${f.property} on ${f.subject}`, width, '  ');
  return [
    '',
    head[0]!.replace(/^FAIL/, paint(io, ['red', 'bold'], 'FAIL')),
    ...head.slice(1),
    ...wrapLine(`  error: ${f.verdict.error}`, width, '    '),
    `  seed: ${f.verdict.seed}`,
    ...clipped('counterexample', f.verdict.counterexample, width),
    ...(addressesInHex(f.verdict.counterexample) === undefined ? [] : wrapLine(`  addresses: ${addressesInHex(f.verdict.counterexample)}`, width, '    ')),
    ...shellLines(`  replay: ${f.replay ?? '-'}`, width, '  '),
  ];
}

/** The subject × property table: aligned (or transposed) when that fits `width`, else the compact matrix. */
function verdictTable(report: CheckReport, io: CliIo, width: number): string {
  const { results } = report;
  const properties = report.properties.filter((p) => results.some((r) => r.property === p));
  const subjects = report.subjects.filter((s) => results.some((r) => r.subject === s.name));
  const cell = (r: CheckResult | undefined): string => (r ? `${r.verdict.ok ? 'pass' : 'FAIL'} ${(r.ms / 1000).toFixed(2)}s` : 'n/a');
  const rows = [
    ['subject', ...properties],
    ...subjects.map((s) => [s.name, ...properties.map((p) => cell(results.find((r) => r.subject === s.name && r.property === p)))]),
  ];
  return fittedTable(rows, io, width) ?? checkMatrix(subjects, properties, results, io, width);
}

/** The report as text: table, failures, summary line, footer. */
export function checkText(report: CheckReport, io: CliIo): string {
  const width = widthOf(io.columns);
  const failures = report.results.filter((r) => !r.verdict.ok);
  const passed = report.results.length - failures.length;
  const shard = report.shard ? ` (shard ${report.shard.index}/${report.shard.count}: ${report.results.length} of ${report.jobs} jobs)` : '';
  const summary = `${count(passed, 'check')} passed, ${failures.length} failed${shard} in ${report.seconds.toFixed(1)}s (seed ${report.seed}, ${report.runs} runs each)`;
  const shown = (name: string): boolean => report.results.some((r) => r.subject === name);
  const notApplicable = notApplicableText(report, shown).flatMap((line) => wrapLine(line, width, '    '));
  return [
    verdictTable(report, io, width),
    ...(notApplicable.length > 0 ? ['', ...notApplicable] : []),
    ...failures.flatMap((f) => failureText(f, io, width)),
    '',
    ...wrapLine(summary, width, '  ').map((line) => paint(io, failures.length === 0 ? 'green' : ['red', 'bold'], line)),
    '',
    checkFooter(report, width),
    '',
  ].join('\n');
}
