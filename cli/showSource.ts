/**
 * What `vmspec show` draws, from a trace (`.ndjson`, `-` for standard input:
 * the conformance checker finds its first divergence) or a saved
 * counterexample (`.replay.json`: run again as `vmspec replay` does, its
 * property judged and its trace checked). Only the rows around the mark are
 * kept, so a trace of any length is read in bounded memory (two passes).
 */
import { emulatorTraceHeader } from '../properties/emulatorTraceHeader.ts';
import { Violation } from '../properties/index.ts';
import { loadReplay } from '../properties/replayFile.ts';
import { runScenario } from '../properties/scenarioRuns.ts';
import { conformBatches, conformFile, errorCode, fileLineBatches, formatVerdict, lineBatches, readTraceLines, traceLines, type TraceHeader, type Verdict } from '../traces/index.ts';
import { readInput } from './readInput.ts';
import { laneOf, laneTitle, type Lane } from './showLanes.ts';
import type { ShowMark, ShowModel, ShowRow } from './showSvg.ts';

/** How many events either side of the mark `--around` shows by default. */
export const DEFAULT_AROUND = 40;

type Loaded = { readonly ok: true; readonly model: ShowModel } | { readonly ok: false; readonly error: string };
type Batches = () => AsyncIterable<readonly string[]>;

/** The events drawn (1-based, by position in the file) and the marked one (0: none). */
export interface Window {
  readonly from: number;
  readonly to: number;
  readonly mark: number;
}

/** The window when the mark is at event `center` (null: no mark, draw from the start). */
export function windowOf(center: number | null, around: number): Window {
  return center === null ? { from: 1, to: 2 * around + 1, mark: 0 } : { from: Math.max(1, center - around), to: center + around, mark: center };
}

/**
 * The rows of `batches` inside the window, the header, how many events there
 * are in all, and the lanes alive in the window: a lane whose events come
 * before and after it (a process that exists there but does nothing) is drawn
 * too, and one that ended before it or starts after it is not.
 */
async function rowsOf(batches: Batches, file: string, window: Window): Promise<{ ok: true; header: TraceHeader; rows: ShowRow[]; total: number; lanes: Lane[] } | { ok: false; error: string }> {
  let header: TraceHeader | undefined;
  const rows: ShowRow[] = [];
  const spans = new Map<string, { lane: Lane; first: number; last: number }>();
  let total = 0;
  for await (const item of readTraceLines(batches())) {
    if (item.kind === 'header') header = item.header;
    else if (item.kind === 'event') {
      total++;
      const lane = laneOf(item.event);
      const span = spans.get(laneTitle(lane));
      if (span) span.last = total;
      else spans.set(laneTitle(lane), { lane, first: total, last: total });
      if (total >= window.from && total <= window.to) rows.push({ line: item.line, seq: item.seq, event: item.event });
    } else if (total < window.mark) return { ok: false, error: `${file}:${item.line}: malformed: ${item.message}` };
    else break; // Past the mark: the checker stopped at its verdict before this line, so the drawing stops here too.
  }
  return header === undefined ? { ok: false, error: `${file}: no header` } : { ok: true, header, rows, total, lanes: [...spans.values()].filter((s) => s.first <= window.to && s.last >= window.from).map((s) => s.lane) };
}

/** The red mark and status line of a checker's verdict (null: it could not check the trace). */
function markOf(verdict: Verdict): { mark: ShowMark | null; status: string; center: number | null } | null {
  switch (verdict.kind) {
    case 'conforms':
      return { mark: null, status: `conforms: ${verdict.events} events (${verdict.variant}${verdict.complete ? ', complete' : ''})`, center: null };
    case 'diverges': {
      const repair = verdict.expected.length === 0 ? '' : `; the spec would accept: ${verdict.expected.slice(0, 3).join(', ')}`;
      return {
        mark: { line: verdict.event === null ? null : verdict.line, caption: [`line ${verdict.line}: ${verdict.message}${repair}`] },
        status: `diverges at line ${verdict.line} (${verdict.code}) from ${verdict.variant}`,
        center: verdict.line - 1,
      };
    }
    default:
      return null;
  }
}

/** Lanes a mid-run start declares: its processes and their stubs. */
function startLanes(header: TraceHeader): Lane[] {
  const processes = 'start' in header && header.start !== null ? header.start.processes : [];
  return processes.flatMap((p) => [{ kind: 'process', pid: p.pid } as const, { kind: 'stub', stub: p.stub } as const]);
}

function modelOf(title: string, status: string, mark: ShowMark | null, read: { header: TraceHeader; rows: readonly ShowRow[]; total: number; lanes: readonly Lane[] }, window: Window): ShowModel {
  const { rows, total } = read;
  return { title, status, mark, rows, before: window.from - 1, after: Math.max(0, total - window.to), extraLanes: [...startLanes(read.header), ...read.lanes] };
}

/** The drawing of the trace `file` ('-': standard input). */
export async function fromTrace(file: string, around: number): Promise<Loaded> {
  let batches: Batches = () => fileLineBatches(file);
  let verdict: Verdict;
  if (file === '-') {
    const input = await readInput('-');
    if (!input.ok) return input;
    batches = () => lineBatches([input.text]);
    verdict = await conformBatches(batches());
  } else verdict = await conformFile(file);
  const marked = markOf(verdict);
  if (marked === null) return { ok: false, error: formatVerdict({ file, verdict })[0] ?? file };
  const window = windowOf(marked.center, around);
  try {
    const read = await rowsOf(batches, file, window);
    if (!read.ok) return read;
    return { ok: true, model: modelOf(`${file === '-' ? 'standard input' : file}: ${read.header.workload} on ${read.header.variant}`, marked.status, marked.mark, read, window) };
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, error: `${file}: cannot read (${code})` };
  }
}

/** The drawing of a saved counterexample: its run again, the property's verdict, and the checker's on its trace. */
export async function fromReplay(file: string, around: number): Promise<Loaded> {
  const loaded = await loadReplay(file);
  if (!loaded.ok) return loaded;
  const { subject, property, file: replay } = loaded;
  const run = runScenario(subject, replay.scenario);
  let broken = run.ok ? undefined : run.error;
  try {
    if (run.ok) property.judge!(subject, replay.scenario);
  } catch (error) {
    if (!(error instanceof Violation)) throw error;
    broken = error.message;
  }
  const result = run.ok ? run.result : undefined;
  const header = emulatorTraceHeader(subject.variant, result, `counterexample: ${property.name} on ${subject.name}`, replay.seed);
  const lines: string[] = [];
  for (const encoded of traceLines(header, result?.trace ?? [])) {
    if (!encoded.ok) return { ok: false, error: `${file}: its run's trace does not encode: ${encoded.error}` };
    lines.push(encoded.line);
  }
  const batches: Batches = () => lineBatches([lines.join('\n')]);
  const marked = markOf(await conformBatches(batches()));
  if (marked === null) return { ok: false, error: `${file}: its run's trace cannot be checked` };
  const invariant = broken === undefined ? undefined : `${property.name} broken on ${subject.name}: ${broken}`;
  // The property is judged on the whole run: marked at the end unless the trace itself diverges earlier.
  const mark: ShowMark | null = marked.mark !== null
    ? { line: marked.mark.line, caption: invariant === undefined ? marked.mark.caption : [...marked.mark.caption, invariant] }
    : invariant === undefined ? null : { line: null, caption: [invariant] };
  const status = invariant === undefined ? `${property.name} holds on ${subject.name} (the scenario now passes); trace ${marked.status}` : `${property.name} fails on ${subject.name}; trace ${marked.status}`;
  const window = windowOf(mark === null ? null : marked.center ?? lines.length - 1, around);
  const read = await rowsOf(batches, file, window);
  if (!read.ok) return read;
  return { ok: true, model: modelOf(`${file}: ${header.workload}`, status, mark, read, window) };
}
