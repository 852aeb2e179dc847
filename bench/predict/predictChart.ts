/**
 * The chart of `vmspec predict` (issue 14, item 6): predicted overhead in
 * percent over native on a linear axis, one group of bars per program, an
 * error bar from the lowest to the highest calibration, reference figures
 * (from a JSON file: program → label → percent) as grey bars beside the
 * model's, and a title that says whose costs these are.
 */
import type { PredictReport } from './predictReport.ts';

/** Reference figures to draw beside the model's: program name → label → overhead %. */
export type ReferenceFigures = Readonly<Record<string, Readonly<Record<string, number>>>>;

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const WIDTH = 1000;
const HEIGHT = 560;
const PLOT = { left: 80, right: 20, top: 80, bottom: 120 };
const PALETTE = ['#c0392b', '#e67e22', '#2e86c1', '#1e8449', '#8e44ad', '#7f8c8d'];

function niceStep(max: number): number {
  const raw = max / 6;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

/** The chart as an SVG document. */
export function predictChart(report: PredictReport, reference: ReferenceFigures = {}): string {
  const programs = report.programs;
  const columns = programs[0]?.columns.map((c) => c.column) ?? [];
  const refLabels = [...new Set(programs.flatMap((p) => Object.keys(reference[p.name] ?? {})))];
  const values = programs.flatMap((p) => [...p.columns.map((c) => c.overheadPct.max), ...Object.values(reference[p.name] ?? {})]);
  const min = Math.min(0, ...values);
  const max = Math.max(10, ...values);
  const step = niceStep(max - min);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const plotW = WIDTH - PLOT.left - PLOT.right;
  const plotH = HEIGHT - PLOT.top - PLOT.bottom;
  const y = (v: number): number => PLOT.top + plotH * (1 - (v - lo) / (hi - lo));
  const bars = columns.length + refLabels.length;
  const group = plotW / Math.max(1, programs.length);
  const bar = (group * 0.8) / Math.max(1, bars);
  const who = report.costs.thisHost ? `costs measured on this host (${report.costs.calibrations} calibration${report.costs.calibrations === 1 ? '' : 's'})` : "the committed default costs, not this host's";
  const parts = [
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="30" text-anchor="middle" font-size="19" font-weight="bold">${escapeXml(`Predicted overhead over native, whole programs: ${who}`)}</text>`,
    `<text x="${WIDTH / 2}" y="52" text-anchor="middle" font-size="12" fill="#444">${escapeXml('bar: median over calibrations; whisker: lowest to highest; grey: reference figures given with --reference')}</text>`,
  ];
  for (let t = lo; t <= hi + step / 2; t += step) {
    parts.push(`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${t === 0 ? '#000' : '#ddd'}"/>`);
    parts.push(`<text x="${PLOT.left - 8}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="12">${t === 0 ? 'native' : `+${t}%`}</text>`);
  }
  parts.push(`<text transform="translate(22 ${PLOT.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13">overhead over native (%, linear)</text>`);
  programs.forEach((p, i) => {
    const x0 = PLOT.left + i * group + group * 0.1;
    p.columns.forEach((c, j) => {
      const x = x0 + j * bar;
      const top = y(Math.max(0, c.overheadPct.median));
      const bottom = y(Math.min(0, c.overheadPct.median));
      parts.push(`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${Math.max(1, bottom - top).toFixed(1)}" fill="${PALETTE[j % PALETTE.length]}"><title>${escapeXml(`${p.name}, ${c.column}: +${c.overheadPct.median.toFixed(1)}% (${c.overheadPct.min.toFixed(1)} to ${c.overheadPct.max.toFixed(1)})`)}</title></rect>`);
      const cx = x + bar / 2 - 1;
      parts.push(`<line x1="${cx.toFixed(1)}" x2="${cx.toFixed(1)}" y1="${y(c.overheadPct.min).toFixed(1)}" y2="${y(c.overheadPct.max).toFixed(1)}" stroke="#000"/>`);
      parts.push(`<text x="${cx.toFixed(1)}" y="${(y(c.overheadPct.max) - 4).toFixed(1)}" text-anchor="middle" font-size="10">${c.overheadPct.median.toFixed(0)}%</text>`);
    });
    refLabels.forEach((label, k) => {
      const v = reference[p.name]?.[label];
      if (v === undefined) return;
      const x = x0 + (columns.length + k) * bar;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(Math.max(0, v)).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${Math.max(1, Math.abs(y(0) - y(v))).toFixed(1)}" fill="#bbb" stroke="#555"><title>${escapeXml(`${p.name}, ${label} (reference): ${v}%`)}</title></rect>`);
      parts.push(`<text x="${(x + bar / 2 - 1).toFixed(1)}" y="${(y(Math.max(0, v)) - 4).toFixed(1)}" text-anchor="middle" font-size="10">${v.toFixed(0)}%</text>`);
    });
    parts.push(`<text x="${(PLOT.left + (i + 0.5) * group).toFixed(1)}" y="${(y(lo) + 20).toFixed(1)}" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(p.name)}</text>`);
  });
  [...columns, ...refLabels.map((l) => `${l} (reference)`)].forEach((label, j) => {
    const x = PLOT.left + (j % 3) * 300;
    const ly = HEIGHT - 50 + Math.floor(j / 3) * 20;
    parts.push(`<rect x="${x}" y="${ly - 11}" width="14" height="14" fill="${j < columns.length ? PALETTE[j % PALETTE.length] : '#bbb'}"/>`);
    parts.push(`<text x="${x + 20}" y="${ly}" font-size="13">${escapeXml(label)}</text>`);
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">\n${parts.join('\n')}\n</svg>\n`;
}
