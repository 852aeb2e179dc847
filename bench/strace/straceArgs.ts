/**
 * Reads the argument text strace prints for a call: splits it at top-level
 * commas (outside quotes, brackets and braces), and picks out integers and
 * quoted strings where the intermediate form needs them (fds, counts, paths).
 */

/** The top-level arguments of `args` (the text between a call's parentheses). */
export function splitArgs(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(args.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = args.slice(start).trim();
  if (last !== '' || parts.length > 0) parts.push(last);
  return parts;
}

/** The argument as a plain integer (decimal or hex), else null. */
export function intArg(arg: string | undefined): number | null {
  if (arg === undefined) return null;
  if (/^-?\d+$/.test(arg)) return Number(arg);
  if (/^0x[0-9a-fA-F]+$/.test(arg)) return parseInt(arg, 16);
  return null;
}

/** The argument as a string literal's text (quotes removed, a trailing `...` kept), else the raw text. */
export function stringArg(arg: string | undefined): string {
  if (arg === undefined) return '';
  const m = /^"(.*)"(\.\.\.)?$/.exec(arg);
  return m === null ? arg : `${m[1]}${m[2] ?? ''}`;
}
