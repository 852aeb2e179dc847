/**
 * The manifest of golden traces: for each file, where it came from and the
 * verdict the checker must give (after tlaplus/Examples' manifests of
 * expected verdicts). Decoded with io-ts like every other input.
 */
import * as t from 'io-ts';
import { closedRecord, type Flat } from '../format/closedRecord.ts';
import { integerIn, oneOf } from '../format/fieldCodecs.ts';

const entry = closedRecord('ManifestEntry', {
  file: t.string,
  /**
   * `paper-path`: written by make.ts from spec/paperPaths.ts; `emulator`: recorded from impl/ (by the CLI, since
   * traces/ may not import impl/); `relation-case`: a paper path broken (or legitimately varied) by hand in
   * relationCases.ts, written by make.ts; `hand-written`: edited by hand. make.ts rewrites `paper-path` and
   * `relation-case` entries.
   */
  origin: oneOf(['paper-path', 'emulator', 'relation-case', 'hand-written'] as const),
  /** What the trace shows. */
  about: t.string,
  exitCode: t.union([t.literal(0), t.literal(1), t.literal(2)]),
  /** For exit 1 and 2: the line reported; null for exit 0. */
  line: t.union([integerIn(1, Number.MAX_SAFE_INTEGER), t.null]),
  /** For exit 1: the divergence code; for exit 2: the malformation code; null for exit 0. */
  code: t.union([t.string, t.null]),
  /** For exit 1: the machine and state reported; null otherwise. */
  machine: t.union([t.string, t.null]),
  state: t.union([t.string, t.null]),
});

/** The manifest codec. */
export const manifestCodec = closedRecord('Manifest', { traces: t.readonlyArray(entry) });

/** A decoded manifest. */
export type Manifest = Flat<t.TypeOf<typeof manifestCodec>>;
/** One entry of it. */
export type ManifestEntry = Manifest['traces'][number];
