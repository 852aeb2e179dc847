/**
 * Tables that fit the terminal: aligned columns when they fit the width
 * (`io.columns`; any width when not a terminal), else transposed when that
 * fits, else one block per row ("name" then "column: value" lines). Cells are
 * coloured by verdict after padding, so alignment never counts escape codes.
 */
import type { CliIo } from './io.ts';
import { paintVerdict } from './style.ts';

/** A table: its header row, then its rows; every row as long as the header. */
export type Table = readonly (readonly string[])[];

const GAP = '  ';

function widthsOf(rows: Table): number[] {
  return rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
}

function aligned(rows: Table, io: CliIo): string[] {
  const widths = widthsOf(rows);
  return rows.map((row, r) => row.map((cell, c) => (r === 0 ? cell.padEnd(widths[c]!) : paintVerdict(io, cell.padEnd(widths[c]!)))).join(GAP).trimEnd());
}

const totalWidth = (rows: Table): number => widthsOf(rows).reduce((sum, w) => sum + w, 0) + GAP.length * (rows[0]!.length - 1);

function transpose(rows: Table): Table {
  return rows[0]!.map((_, c) => rows.map((row) => row[c]!));
}

function blocks(rows: Table, io: CliIo): string[] {
  const [header, ...body] = rows;
  const width = Math.max(...header!.slice(1).map((h) => h.length));
  return body.flatMap((row) => [row[0]!, ...row.slice(1).map((cell, c) => `  ${`${header![c + 1]!}:`.padEnd(width + 2)}${paintVerdict(io, cell)}`)]);
}

/** The table aligned, or transposed, in at most `width` columns; undefined when neither fits. */
export function fittedTable(rows: Table, io: CliIo, width: number): string | undefined {
  if (rows.length === 0 || rows[0]!.length === 0) return '';
  if (totalWidth(rows) <= width) return aligned(rows, io).join('\n');
  const turned = transpose(rows);
  return totalWidth(turned) <= width ? aligned(turned, io).join('\n') : undefined;
}

/** The table as lines of text that fit `io.columns`. */
export function formatTable(rows: Table, io: CliIo): string {
  if (rows.length === 0 || rows[0]!.length === 0) return '';
  const limit = io.columns;
  if (limit === undefined) return aligned(rows, io).join('\n');
  return fittedTable(rows, io, limit) ?? blocks(rows, io).join('\n');
}

/** `n thing` or `n things`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
