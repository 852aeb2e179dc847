/**
 * A small strict argument parser for the CLI: known flags only, values where
 * a flag takes one, and a one-line error naming the offending argument.
 */
import { parseSeed } from '../properties/seed.ts';

/** How a flag is read: a boolean switch, or a flag followed by a value. */
export type FlagKind = 'switch' | 'value';

/** The parsed arguments. */
export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly switches: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, readonly string[]>;
}

/** Parses `argv` against `flags` (`--name` → kind). Values may be given as `--name v` or `--name=v`. */
export function parseArgs(argv: readonly string[], flags: Readonly<Record<string, FlagKind>>): { ok: true; args: ParsedArgs } | { ok: false; error: string } {
  const positional: string[] = [];
  const switches = new Set<string>();
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const kind = flags[name];
    if (kind === undefined) return { ok: false, error: `unknown option '${name}' (known: ${Object.keys(flags).join(', ') || 'none'})` };
    if (kind === 'switch') {
      if (eq !== -1) return { ok: false, error: `option '${name}' takes no value` };
      switches.add(name);
      continue;
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return { ok: false, error: `option '${name}' needs a value` };
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return { ok: true, args: { positional, switches, values } };
}

/** The last value given for `name`, if any. */
export function lastValue(args: ParsedArgs, name: string): string | undefined {
  return args.values.get(name)?.at(-1);
}

/** Parses a non-negative integer option value, or explains why not. */
export function parseCount(name: string, text: string): { ok: true; value: number } | { ok: false; error: string } {
  if (!/^\d+$/.test(text)) return { ok: false, error: `option '${name}' needs a whole number, got '${text}'` };
  const value = Number(text);
  return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, error: `option '${name}' is too large: '${text}'` };
}

/** A count option that must be at least 1 (`--runs`, `--timeout`), or `fallback` when absent. */
export function positiveCountOption(args: ParsedArgs, name: string, fallback: number): { ok: true; value: number } | { ok: false; error: string } {
  const text = lastValue(args, name);
  if (text === undefined) return { ok: true, value: fallback };
  const count = parseCount(name, text);
  if (!count.ok) return count;
  return count.value === 0 ? { ok: false, error: `option '${name}' must be at least 1` } : count;
}

/** The `--seed` option, or a fresh random seed when absent (it is printed by the caller, so the run replays). */
export function seedOption(args: ParsedArgs): { ok: true; seed: number } | { ok: false; error: string } {
  const text = lastValue(args, '--seed');
  if (text === undefined) return { ok: true, seed: Math.floor(Math.random() * 0x7fff_ffff) };
  const seed = parseSeed(text);
  return seed.ok ? seed : { ok: false, error: `option '--seed': ${seed.error}` };
}
