/**
 * Word wrapping for reports that must fit the terminal: a line longer than
 * the width breaks at spaces, continuation lines get a hanging indent, and a
 * word longer than a whole line (a counterexample's JSON) is cut into pieces.
 * Widths count what the terminal shows, not colour escape codes.
 */

// The escape codes util.styleText writes.
const ESCAPE = /\x1b\[[0-9;]*m/g;
const PAINTED = /\x1b\[/;

/** How many columns `text` takes on a terminal (escape codes take none). */
export const visibleLength = (text: string): number => text.replace(ESCAPE, '').length;

/** The report width when output is not a terminal: what a pager, a CI log or an 80-column mail shows whole. */
export const DEFAULT_WIDTH = 80;

/** The width to wrap to: the terminal's, or DEFAULT_WIDTH when piped. */
export const widthOf = (columns: number | undefined): number => Math.max(20, columns ?? DEFAULT_WIDTH);

/** One line of text as lines of at most `width` columns; lines after the first start with `indent`. */
export function wrapLine(line: string, width: number, indent = ''): string[] {
  if (visibleLength(line) <= width) return [line];
  const lead = /^ */.exec(line)![0];
  // Split at each single space: a run of spaces inside the line (aligned columns) survives as empty words.
  const words = line.slice(lead.length).trimEnd().split(' ');
  const lines: string[] = [];
  let current = lead;
  let fresh = true; // nothing but indentation on `current` yet
  for (const word of words) {
    if (word === '' && fresh) continue; // no stray spaces at the start of a continuation line
    if (!fresh && visibleLength(current) + 1 + visibleLength(word) > width) {
      lines.push(current);
      current = indent;
      fresh = true;
    }
    let rest = word;
    // A word longer than the room left is cut (a painted word never is: its codes would split).
    while (!PAINTED.test(rest) && visibleLength(current) + (fresh ? 0 : 1) + rest.length > width && rest.length > 1) {
      const room = Math.max(1, width - visibleLength(current) - (fresh ? 0 : 1));
      lines.push(current + (fresh ? '' : ' ') + rest.slice(0, room));
      rest = rest.slice(room);
      current = indent;
      fresh = true;
    }
    current += (fresh ? '' : ' ') + rest;
    fresh = false;
  }
  lines.push(current);
  return lines;
}

/** Every line of `text` wrapped to `width` (see wrapLine). */
export function wrapText(text: string, width: number, indent = ''): string {
  return text.split('\n').flatMap((line) => wrapLine(line, width, indent)).join('\n');
}
