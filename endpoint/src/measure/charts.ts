import { scaleBand, scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { html, type Html } from '../review/html.ts';

/**
 * Charts as inline SVG, drawn on the server: the reviewer pages run no script (their CSP is
 * `default-src 'none'; style-src 'self'`), and a style="" attribute would be refused too, so
 * colours and fonts come from classes in measure.css; geometry is plain SVG attributes.
 * d3-scale maps values to pixels, d3-shape writes the lines' paths. The SVG stays left to right in
 * a right-to-left page (an axis does not mirror); its text still shapes as its language does.
 * Each chart names itself (`aria-labelledby`) and is followed by its table (the text alternative).
 */
const WIDTH = 720;
const round = (n: number) => Math.round(n * 10) / 10;

export interface Bar {
  label: string;
  /** undefined: no figure to draw (hidden, or nothing to measure); the row shows its text alone. */
  value?: number;
  /** The value as the reader's language writes it. */
  text: string;
}

/** Horizontal bars, one a row: labels can be long (category names, in three languages). */
export function barChart(bars: readonly Bar[], options: { labelledBy: string; max?: number; testId: string }): Html {
  const rowHeight = 30;
  const height = bars.length * rowHeight + 8;
  const labelWidth = 220;
  const y = scaleBand<number>().domain(bars.map((_, i) => i)).range([4, height - 4]).padding(0.2);
  const x = scaleLinear().domain([0, options.max ?? Math.max(1, ...bars.map((b) => b.value ?? 0))]).range([labelWidth, WIDTH - 90]);
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" class="chart" role="img" aria-labelledby="${options.labelledBy}" direction="ltr" data-testid="${options.testId}">
${bars.map((bar, i) => {
    const top = y(i)!;
    const middle = round(top + y.bandwidth() / 2);
    const end = round(x(bar.value ?? 0));
    return html`<g><text x="${labelWidth - 8}" y="${middle}" text-anchor="end" dominant-baseline="middle" class="label">${bar.label}</text>${bar.value === undefined ? '' : html`<rect class="bar" x="${labelWidth}" y="${round(top)}" width="${round(end - labelWidth)}" height="${round(y.bandwidth())}"></rect>`}<text x="${end + 6}" y="${middle}" dominant-baseline="middle" class="value">${bar.text}</text></g>`;
  })}</svg>`;
}

export interface Series {
  name: string;
  /** undefined: no figure at that point (a month without reports); the line breaks there. */
  values: readonly (number | undefined)[];
}

/** Lines over a shared axis (months, weeks); with several series, a legend names each (classes s0…s5 colour them). */
export function lineChart(xLabels: readonly string[], series: readonly Series[], options: { labelledBy: string; testId: string; format: (n: number) => string }): Html {
  const legendHeight = series.length > 1 ? 22 * Math.ceil(series.length / 3) : 0;
  const height = 260 + legendHeight;
  const [left, right, top, bottom] = [60, WIDTH - 20, 12 + legendHeight, 230 + legendHeight];
  const x = scalePoint<string>().domain(xLabels).range([left, right]).padding(0.3);
  const y = scaleLinear().domain([0, Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)))]).nice().range([bottom, top]);
  const path = line<number | undefined>().defined((v) => v !== undefined).x((_, i) => round(x(xLabels[i]!)!)).y((v) => round(y(v!)));
  // As many labels under the axis as fit side by side (about 7 px a character at 12 px), whatever the number of points.
  const labelWidth = 7 * Math.max(1, ...xLabels.map((label) => label.length)) + 14;
  const every = Math.max(1, Math.ceil((xLabels.length * labelWidth) / (right - left)));
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" class="chart" role="img" aria-labelledby="${options.labelledBy}" direction="ltr" data-testid="${options.testId}">
${series.length > 1 ? series.map((s, i) => html`<g class="s${i % 6}"><rect class="swatch" x="${left + (i % 3) * 200}" y="${4 + Math.floor(i / 3) * 22}" width="14" height="14"></rect><text x="${left + (i % 3) * 200 + 20}" y="${16 + Math.floor(i / 3) * 22}" class="label">${s.name}</text></g>`) : ''}
${y.ticks(5).map((tick) => html`<g><line class="grid" x1="${left}" x2="${right}" y1="${round(y(tick))}" y2="${round(y(tick))}"></line><text x="${left - 6}" y="${round(y(tick))}" text-anchor="end" dominant-baseline="middle" class="axis">${options.format(tick)}</text></g>`)}
${xLabels.map((label, i) => (i % every ? '' : html`<text x="${round(x(label)!)}" y="${bottom + 18}" text-anchor="middle" class="axis">${label}</text>`))}
${series.map((s, i) => html`<g class="s${i % 6}"><path class="line" d="${path([...s.values]) ?? ''}"></path>${s.values.map((v, j) => v === undefined ? '' : html`<circle class="point" cx="${round(x(xLabels[j]!)!)}" cy="${round(y(v))}" r="3"></circle>`)}</g>`)}
</svg>`;
}

/** measure.css: the charts' colours (a palette that stays apart for common colour blindness) and the figure layout. */
export const MEASURE_STYLE = `.figure{margin-block:1.5rem 2rem}.chart{max-width:100%;height:auto;display:block}
.chart .label{font:13px system-ui,sans-serif;fill:#1b1b1b}.chart .value,.chart .axis{font:12px system-ui,sans-serif;fill:#444}
.chart .bar{fill:#2b6cb0}.chart .grid{stroke:#e2e2e2;stroke-width:1}.chart .line{fill:none;stroke-width:2.5}
.s0 .line{stroke:#0072b2}.s0 .point,.s0 .swatch{fill:#0072b2}.s1 .line{stroke:#e69f00}.s1 .point,.s1 .swatch{fill:#e69f00}
.s2 .line{stroke:#009e73}.s2 .point,.s2 .swatch{fill:#009e73}.s3 .line{stroke:#cc79a7}.s3 .point,.s3 .swatch{fill:#cc79a7}
.s4 .line{stroke:#56b4e9}.s4 .point,.s4 .swatch{fill:#56b4e9}.s5 .line{stroke:#d55e00}.s5 .point,.s5 .swatch{fill:#d55e00}
td.num,th.num{text-align:end;font-variant-numeric:tabular-nums}.figure details{margin-block-start:.5rem}
nav.measure{margin:0 0 1rem;flex-wrap:wrap}.downloads{display:flex;gap:1rem}
@media print{header,nav.measure,.downloads,form.year{display:none}}`;
