/**
 * Colour for terminal output through Node's `util.styleText`, only when the
 * io says so (a terminal, and NO_COLOR unset: cli/io.ts). Verdict words get
 * one colour each, wherever they appear in a table cell or a summary.
 */
import { styleText } from 'node:util';
import type { CliIo } from './io.ts';

type Style = Parameters<typeof styleText>[0];

/** `text` in `style` when `io` allows colour, else as is. */
export function paint(io: CliIo, style: Style, text: string): string {
  return io.color ? styleText(style, text) : text;
}

const VERDICT_STYLES: readonly (readonly [RegExp, Style])[] = [
  [/^(FAIL|FAILS|FAILED|NOT CAUGHT|TIMEOUT|CRASHED|MISSED)\b/, ['red', 'bold']],
  [/^(pass|ok|caught|conforms)\b/, 'green'],
  [/^(n\/a|-)$/, 'dim'],
];

/** A table cell or verdict word, coloured by the verdict it starts with. */
export function paintVerdict(io: CliIo, text: string): string {
  if (!io.color) return text;
  const trimmed = text.trimStart();
  const match = VERDICT_STYLES.find(([pattern]) => pattern.test(trimmed));
  return match ? styleText(match[1], text) : text;
}
