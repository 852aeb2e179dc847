/**
 * The paper bench's chart (issue 7, item 4): modelled overhead vs native of
 * each preset on each workload as grouped bars on a log axis, hand-written
 * SVG with title, axes, value labels and a legend, readable without the table.
 */
import { PRESETS, type PaperResult, type Preset } from './paperResult.ts';
import { figure } from './formatPaperTable.ts';

const WIDTH = 1000;
const HEIGHT = 620;
const PLOT = { left: 90, right: 20, top: 90, bottom: 110 };
const COLORS: Readonly<Record<Preset, string>> = {
  umlinux: '#c0392b',
  '+kernel-module': '#e67e22',
  '+segment-bounds': '#2e86c1',
  '+multi-as': '#1e8449',
};
const LEGEND: Readonly<Record<Preset, string>> = {
  umlinux: 'umlinux: ptrace VMM process, mprotect, remap',
  '+kernel-module': '+kernel-module: the VMM in the host kernel',
  '+segment-bounds': '+segment-bounds: and segment bounds, no mprotect',
  '+multi-as': '+multi-as: and an address space per process',
};

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Log-axis ticks (1, 2, 5, 10, …) up to the first at or above `max`. */
function ticks(max: number): number[] {
  const out: number[] = [];
  for (let decade = 1; ; decade *= 10) {
    for (const m of [1, 2, 5]) {
      out.push(m * decade);
      if (m * decade >= max) return out;
    }
  }
}

/** The chart as an SVG document. */
export function overheadChart(result: PaperResult): string {
  const rows = result.rows;
  const max = Math.max(2, ...rows.flatMap((r) => PRESETS.map((p) => r.cells[p].overhead)));
  const axis = ticks(max);
  const top = axis[axis.length - 1]!;
  const plotW = WIDTH - PLOT.left - PLOT.right;
  const plotH = HEIGHT - PLOT.top - PLOT.bottom;
  const y = (v: number): number => PLOT.top + plotH * (1 - Math.log10(Math.max(1, v)) / Math.log10(top));
  const group = plotW / rows.length;
  const bar = (group * 0.8) / PRESETS.length;
  const parts: string[] = [];
  parts.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  parts.push(`<text x="${WIDTH / 2}" y="32" text-anchor="middle" font-size="20" font-weight="bold">UMLinux overhead vs native, modelled from this host's measured costs</text>`);
  parts.push(`<text x="${WIDTH / 2}" y="54" text-anchor="middle" font-size="13" fill="#444">${escape(`each bar: modelled time under the preset ÷ the same guest work run natively (1× = native); costs from ${result.calibration.origin}`)}</text>`);
  for (const t of axis) {
    parts.push(`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(t)}" y2="${y(t)}" stroke="${t === 1 ? '#000' : '#ddd'}" stroke-width="${t === 1 ? 1.5 : 1}"/>`);
    parts.push(`<text x="${PLOT.left - 8}" y="${y(t) + 4}" text-anchor="end" font-size="12"${t === 1 ? ' font-weight="bold"' : ''}>${t === 1 ? 'native 1×' : `${t}×`}</text>`);
  }
  parts.push(`<line x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${y(1)}" stroke="#000"/>`);
  parts.push(`<text transform="translate(24 ${PLOT.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="14">overhead vs native (×, log scale; lower is better)</text>`);
  rows.forEach((row, i) => {
    const x0 = PLOT.left + i * group + group * 0.1;
    PRESETS.forEach((p, j) => {
      const v = row.cells[p].overhead;
      const x = x0 + j * bar;
      const h = Math.max(2, y(1) - y(v));
      parts.push(`<rect x="${x.toFixed(1)}" y="${(y(1) - h).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[p]}"><title>${escape(`${row.title}, ${p}: ${figure(v)}× native`)}</title></rect>`);
      parts.push(`<text x="${(x + bar / 2 - 1).toFixed(1)}" y="${(y(1) - h - 4).toFixed(1)}" text-anchor="middle" font-size="10">${figure(v)}</text>`);
    });
    const cx = PLOT.left + (i + 0.5) * group;
    parts.push(`<text x="${cx}" y="${y(1) + 20}" text-anchor="middle" font-size="13" font-weight="bold">${escape(row.title)}</text>`);
    parts.push(`<text x="${cx}" y="${y(1) + 36}" text-anchor="middle" font-size="11" fill="#444">${escape(`native ${figure(row.cells.native.timeNs / row.displayNs)} ${row.unit}`)}</text>`);
  });
  const legendY = HEIGHT - 36;
  PRESETS.forEach((p, j) => {
    const x = PLOT.left + (j % 2) * 420;
    const ly = legendY + Math.floor(j / 2) * 20 - 10;
    parts.push(`<rect x="${x}" y="${ly - 11}" width="14" height="14" fill="${COLORS[p]}"/>`);
    parts.push(`<text x="${x + 20}" y="${ly}" font-size="13">${escape(LEGEND[p])}</text>`);
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">\n${parts.join('\n')}\n</svg>\n`;
}
