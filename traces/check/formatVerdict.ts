/**
 * How verdicts read in a terminal: one line for a trace that conforms or
 * cannot be checked (`file:line: malformed: $.path: …`), a short block for a
 * divergence (the event, addresses in hex, the machine and state it met, what
 * the spec would accept there, repair first, the lines around it as the file
 * has them), and a summary line for several files.
 */
import { briefEvent } from '../../spec/index.ts';
import { oneLine } from '../io/malformed.ts';
import { assertNever } from '../internal/assertNever.ts';
import { exitCodeOf, type Verdict } from './verdict.ts';

/** A file with its verdict. */
export interface FileVerdict {
  readonly file: string;
  readonly verdict: Verdict;
}

const MAX_EXPECTED = 10;

/** The accepted events, repair first; an empty list says how far the search went (the event space is not finite). */
function expectedList(expected: readonly string[], tried: number): string {
  if (expected.length === 0) return `none of the ${tried} events tried here (the spec's candidates and variations of this event)`;
  const shown = expected.slice(0, MAX_EXPECTED).join(', ');
  return expected.length > MAX_EXPECTED ? `${shown}, … (${expected.length - MAX_EXPECTED} more)` : shown;
}

/** The report of one file: lines without line ends. */
export function formatVerdict({ file, verdict }: FileVerdict): readonly string[] {
  switch (verdict.kind) {
    case 'conforms':
      return [
        `${file}: conforms (${verdict.variant}, ${verdict.events} events${verdict.complete ? ', complete' : ''})`,
        ...verdict.notes.map((note) => `  note: ${note}`),
      ];
    case 'malformed':
      return [`${file}:${verdict.line}: malformed: ${verdict.path === '$' ? '' : `${verdict.path}: `}${verdict.message}`];
    case 'unreadable':
      return [`${file}: unreadable: ${oneLine(verdict.message)}`];
    case 'diverges': {
      const width = String(verdict.context.at(-1)?.line ?? verdict.line).length;
      return [
        `${file}:${verdict.line}: diverges (${verdict.code}): ${verdict.message}`,
        `  variant:  ${verdict.variant}`,
        `  event:    ${verdict.event === null ? '(end of trace)' : briefEvent(verdict.event)}`,
        `  met:      ${verdict.machine} in state ${verdict.state}`,
        `  expected: ${expectedList(verdict.expected, verdict.tried)}`,
        `  states:   ${Object.entries(verdict.states).map(([machine, state]) => `${machine}=${state}`).join(', ')}`,
        ...verdict.context.map(({ line, text }) => `  ${line === verdict.line ? '>' : ' '} ${String(line).padStart(width)} | ${oneLine(text)}`),
        ...verdict.notes.map((note) => `  note: ${note}`),
      ];
    }
    default:
      return assertNever(verdict);
  }
}

/** Counts of verdicts by exit code. */
export interface Summary {
  readonly files: number;
  readonly conform: number;
  readonly diverge: number;
  readonly unchecked: number;
  /** 2 if any file could not be checked, else 1 if any diverges, else 0. */
  readonly exitCode: 0 | 1 | 2;
}

/** The summary of several verdicts. */
export function summarize(verdicts: readonly FileVerdict[]): Summary {
  const codes = verdicts.map(({ verdict }) => exitCodeOf(verdict));
  const count = (code: number): number => codes.filter((c) => c === code).length;
  const unchecked = count(2);
  const diverge = count(1);
  return { files: codes.length, conform: count(0), diverge, unchecked, exitCode: unchecked > 0 ? 2 : diverge > 0 ? 1 : 0 };
}

/** `N files: a conform, b diverge, c could not be checked`. */
export function formatSummary(summary: Summary): string {
  return `${summary.files} files: ${summary.conform} conform, ${summary.diverge} diverge, ${summary.unchecked} could not be checked`;
}
