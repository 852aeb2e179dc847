/**
 * The drawing of `vmspec show`: a run as lanes (cli/showLanes.ts), time
 * flowing down, one row per event with its sequence number at the left and a
 * labelled mark in its lane; the diverging event (or the end of a run whose
 * invariant broke) in red with the reason as a caption. Pure: a model in, SVG
 * text out; every text is escaped, so any trace draws as well-formed XML.
 */
import { briefEvent, type SpecEvent } from '../spec/index.ts';
import { columnOf, laneTitle, lanesOf, type Lane } from './showLanes.ts';
import { xml } from './xml.ts';

/** One event as drawn. */
export interface ShowRow {
  /** The line of the trace file it is on (line 1 is the header). */
  readonly line: number;
  readonly seq: number;
  readonly event: SpecEvent;
}

/** What is marked red: an event (by its line, as seq may be what is wrong), or the end of the run (a trace cut short, a property judged on the whole run). */
export interface ShowMark {
  readonly line: number | null;
  /** Why, in paragraphs: the checker's refusal, the property that broke. */
  readonly caption: readonly string[];
}

/** What `vmspec show` draws. */
export interface ShowModel {
  readonly title: string;
  /** One line under the title: the verdict. */
  readonly status: string;
  readonly rows: readonly ShowRow[];
  readonly mark: ShowMark | null;
  /** Events left out before the first row and after the last. */
  readonly before: number;
  readonly after: number;
  /** Lanes declared elsewhere (a mid-run start's processes and stubs). */
  readonly extraLanes?: readonly Lane[];
}

const CHAR = 6.6;
const FONT = 11;
const ROW = 22;
const SEQ_WIDTH = 56;
const MIN_LANE = 110;
const CAPTION_CHARS = 110;
const RED = '#c62828';

/** Characters XML 1.0 cannot hold (controls, lone surrogates) become U+FFFD, then markup is escaped. */
export function svgText(text: string): string {
  return xml(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

/** `text` cut into lines of at most `width` characters, at spaces where it can. */
export function wrapCaption(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width);
    const cut = space > width / 2 ? space : width;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  return rest === '' ? lines : [...lines, rest];
}

const label = (row: ShowRow): string => briefEvent(row.event);
const num = (n: number): string => String(Math.round(n * 10) / 10);

function textAt(x: number, y: number, text: string, attributes = ''): string {
  return `<text x="${num(x)}" y="${num(y)}"${attributes}>${svgText(text)}</text>`;
}

/** The SVG document of `model`. */
export function showSvg(model: ShowModel): string {
  const lanes = lanesOf(model.rows.map((r) => r.event), model.extraLanes);
  // Each lane as wide as its longest label, so no label runs into the next lane.
  const widths = lanes.map((lane) => Math.max(MIN_LANE, (laneTitle(lane).length + 2) * CHAR));
  for (const row of model.rows) {
    const column = columnOf(lanes, row.event);
    widths[column] = Math.max(widths[column]!, (label(row).length + 3) * CHAR);
  }
  const lefts = widths.map((_, i) => SEQ_WIDTH + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const lanesWidth = widths.reduce((a, b) => a + b, 0);
  const captionLines = (model.mark?.caption ?? []).flatMap((paragraph) => wrapCaption(paragraph, CAPTION_CHARS));
  const captionHeight = captionLines.length * 16 + 6;
  const markAtEnd = model.mark !== null && (model.mark.line === null || !model.rows.some((r) => r.line === model.mark?.line));
  const width = Math.ceil(Math.max(SEQ_WIDTH + lanesWidth, (CAPTION_CHARS + 6) * CHAR, (model.title.length + 4) * CHAR, (model.status.length + 4) * CHAR) + 8);

  const out: string[] = [];
  let y = 22;
  out.push(textAt(8, y, model.title, ' font-weight="bold"'));
  y += 18;
  out.push(textAt(8, y, model.status, model.mark === null ? '' : ` fill="${RED}"`));
  y += 28;
  const laneTop = y - 14;
  lanes.forEach((lane, i) => out.push(textAt(lefts[i]! + 6, y, laneTitle(lane), ' font-weight="bold"')));
  out.push(textAt(6, y, 'seq', ' font-weight="bold"'));
  y += 10;
  const note = (text: string): void => {
    y += ROW;
    out.push(textAt(SEQ_WIDTH, y - 6, text, ' fill="#666" font-style="italic"'));
  };
  if (model.before > 0) note(`… ${model.before} earlier event${model.before === 1 ? '' : 's'} left out`);
  const caption = (): void => {
    for (const line of captionLines) {
      y += 16;
      out.push(textAt(SEQ_WIDTH + 14, y - 4, line, ` fill="${RED}"`));
    }
    y += 6;
  };
  const points: string[] = [];
  for (const row of model.rows) {
    y += ROW;
    const column = columnOf(lanes, row.event);
    const cx = lefts[column]! + 8;
    const cy = y - 10;
    const marked = model.mark !== null && model.mark.line === row.line;
    // The band covers the caption too, so the flow line does not cross its text.
    if (marked) out.push(`<rect x="0" y="${num(y - ROW + 1)}" width="${width}" height="${ROW - 2 + captionHeight}" fill="#fdecea"/>`);
    points.push(`${num(cx)},${num(cy)}`);
    const colour = marked ? RED : '#1565c0';
    out.push(`<g class="event${marked ? ' diverges' : ''}" data-seq="${row.seq}"><title>${svgText(`seq ${row.seq}: ${label(row)}`)}</title>`
      + `<circle cx="${num(cx)}" cy="${num(cy)}" r="${marked ? 6 : 4}" fill="${colour}"/>`
      + textAt(6, y - 6, String(row.seq), ' fill="#666"')
      + textAt(cx + 10, y - 6, label(row), marked ? ` fill="${RED}" font-weight="bold"` : '')
      + '</g>');
    if (marked) caption();
  }
  if (model.after > 0) note(`… ${model.after} later event${model.after === 1 ? '' : 's'} left out`);
  if (markAtEnd) {
    y += ROW;
    out.push(`<rect x="0" y="${num(y - ROW + 1)}" width="${width}" height="${ROW - 2 + captionHeight}" fill="#fdecea"/>`);
    out.push(`<g class="end diverges">${textAt(SEQ_WIDTH, y - 6, model.mark?.line === null ? '■ end of run' : `■ line ${model.mark?.line} (not shown)`, ` fill="${RED}" font-weight="bold"`)}</g>`);
    caption();
  }
  y += 12;
  const guides = lefts.map((left) => `<line x1="${num(left + 8)}" y1="${laneTop}" x2="${num(left + 8)}" y2="${num(y)}" stroke="#ccc" stroke-dasharray="3 3"/>`);
  const flow = points.length > 1 ? [`<polyline points="${points.join(' ')}" fill="none" stroke="#90caf9" stroke-width="1"/>`] : [];
  const height = Math.ceil(y + 8);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="${FONT}">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
    ...guides,
    ...flow,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}
