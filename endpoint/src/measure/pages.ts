import { textDirection } from '../shared.ts';
import { html, type Html } from '../review/html.ts';
import {
  categoryLabels, formatReviewNumber, reviewLanguages, reviewStrings, statusLabel, type ReviewLanguage,
} from '../review/strings.ts';
import type { Art22Report } from './art22.ts';
import { barChart, lineChart } from './charts.ts';
import type { DelayFigure, RemovalFigure } from './removal.ts';
import { SMALL_CELL_K } from './suppress.ts';
import type { Throughput } from './throughput.ts';
import type { MonthFigure } from './volume.ts';

/**
 * The pages of the published figures: the reviewers' dashboard, the DSA Art. 22(3) report and the
 * public transparency page. Their own frame (review/pages.ts keeps its layout to itself): the same
 * stylesheet and header, a language switch that keeps the year, and figures whose tables carry the
 * raw numbers in `data-value` for tests and scrapers.
 */
export interface PageContext {
  language: ReviewLanguage;
  year: number;
  /** The page's path, for the language switch and the year form. */
  path: string;
  /** A reviewer's session: the logout form and the links between the reviewer pages. */
  csrf?: string;
  reviewer: boolean;
  /** The public transparency page is on (FLAGPOST_TRANSPARENCY): linked from the others. */
  transparency: boolean;
}

const number = (n: number, language: ReviewLanguage) => formatReviewNumber(n, language);
/** A share; none (nothing of nothing, measure/cells.ts shareOf) is "–", as a missing median is. */
const percent = (share: number | undefined, language: ReviewLanguage) =>
  (share === undefined ? '–' : formatReviewNumber(share, language, { style: 'percent', maximumFractionDigits: 1 }));
const hours = (minutes: number | undefined, language: ReviewLanguage) =>
  (minutes === undefined ? '–' : reviewStrings[language].measure.hours(formatReviewNumber(minutes / 60, language, { maximumFractionDigits: 1 })));
const removalLabel = (state: string, language: ReviewLanguage) =>
  (reviewStrings[language].measure.removalStates as Record<string, string>)[state] ?? state;

function frame(context: PageContext, title: string, body: Html): string {
  const { language, year, path } = context;
  const t = reviewStrings[language];
  const here = (lang: ReviewLanguage) => `${path}?${new URLSearchParams({ year: String(year), lang })}`;
  return html`<!doctype html>
<html lang="${language}" dir="${textDirection(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title} · ${t.siteName}</title>
<link rel="stylesheet" href="/review/style.css"><link rel="stylesheet" href="/review/measure.css"></head>
<body><header><a href="${context.reviewer ? '/review' : path}">${t.siteName}</a><nav class="languages" aria-label="${t.languageSwitch}">${reviewLanguages.map(
    (other) => html`<a href="${here(other)}" lang="${other}" dir="${textDirection(other)}" hreflang="${other}" ${other === language ? html`aria-current="true"` : ''}>${reviewStrings[other].languageName}</a>`)}</nav>${context.csrf ? html`
<form method="post" action="/review/logout"><input type="hidden" name="csrf" value="${context.csrf}"><button>${t.logOut}</button></form>` : ''}</header>
<main>${context.reviewer ? html`<nav class="measure" aria-label="${t.measure.nav}"><a href="/review?lang=${language}">${t.reportsTitle}</a>${[
    ['/review/dashboard', t.measure.dashboardTitle], ['/review/art22', t.measure.art22Link], ...(context.transparency ? [['/transparency', t.measure.transparencyTitle]] : []),
  ].map(([href, label]) => html`<a href="${href}?${String(new URLSearchParams({ year: String(year), lang: language }))}" ${href === path ? html`aria-current="page"` : ''}>${label}</a>`)}</nav>` : ''}
<h1>${title}</h1>
<form method="get" action="${path}" class="inline year"><input type="hidden" name="lang" value="${language}">
<label>${t.measure.year} <input name="year" type="number" min="2020" max="9998" value="${year}" required></label> <button>${t.show}</button></form>
${body}</main></body></html>`.text;
}

/** A chart and, right after it, its figures as a table (the text alternative, and what a screen reader reads). */
function figure(id: string, title: string, chart: Html, table: Html, language: ReviewLanguage, note?: string): Html {
  return html`<section class="figure" aria-labelledby="${id}-title" data-testid="figure-${id}"><h2 id="${id}-title">${title}</h2>
${note ? html`<p class="hint">${note}</p>` : ''}${chart}
<details><summary>${reviewStrings[language].measure.chartAlternative}</summary>${table}</details></section>`;
}

/** The chart, or when the period has nothing to draw, says so (an empty SVG would read as a broken page). */
const chartOrNone = (has: boolean, chart: () => Html, language: ReviewLanguage): Html =>
  (has ? chart() : html`<p>${reviewStrings[language].measure.noData}</p>`);

/** `<td>` with the raw number (none for a figure that has none): the page shows it formatted in the reader's language. */
const cell = (value: number | undefined, text: string) =>
  (value === undefined ? html`<td class="num">${text}</td>` : html`<td class="num" data-value="${value}">${text}</td>`);

/** A removal figure's three cells; a hidden one (measure/suppress.ts) shows the word alone, with no value to read. */
function removalCells(f: RemovalFigure, language: ReviewLanguage): Html {
  const hidden = html`<td class="num">${reviewStrings[language].measure.suppressed}</td>`;
  return f.suppressed ? html`${hidden}${hidden}${hidden}`
    : html`${cell(f.reports, number(f.reports, language))}${cell(f.removed, number(f.removed, language))}${cell(f.share, percent(f.share, language))}`;
}

function removalTable(id: string, figures: readonly RemovalFigure[], keyHeading: string, label: (key: string) => string, language: ReviewLanguage): Html {
  const m = reviewStrings[language].measure;
  return html`<table data-testid="${id}"><thead><tr><th scope="col">${keyHeading}</th><th scope="col" class="num">${m.reports}</th><th scope="col" class="num">${m.removed}</th><th scope="col" class="num">${m.share}</th></tr></thead>
<tbody>${figures.map((f) => html`<tr data-key="${f.key}"><th scope="row">${label(f.key)}</th>${removalCells(f, language)}</tr>`)}</tbody></table>`;
}

function removalFigures(prefix: string, byPlatform: readonly RemovalFigure[], byCategory: readonly RemovalFigure[], language: ReviewLanguage): Html {
  const t = reviewStrings[language];
  const bars = (figures: readonly RemovalFigure[], label: (k: string) => string) =>
    figures.map((f) => (f.suppressed ? { label: label(f.key), text: t.measure.suppressed } : { label: label(f.key), value: f.share, text: percent(f.share, language) }));
  const category = (key: string) => categoryLabels([key], language);
  const any = (figures: readonly RemovalFigure[]) => figures.some((f) => f.reports > 0);
  return html`${figure(`${prefix}removed-platform`, t.measure.removedByPlatform,
    chartOrNone(any(byPlatform), () => barChart(bars(byPlatform, (k) => k), { labelledBy: `${prefix}removed-platform-title`, max: 1, testId: `chart-${prefix}removed-platform` }), language),
    removalTable(`table-${prefix}removed-platform`, byPlatform, t.platform, (k) => k, language), language, `${t.measure.removedHint} ${t.measure.retractedLeftOut}`)}
${figure(`${prefix}removed-category`, t.measure.removedByCategory,
    chartOrNone(any(byCategory), () => barChart(bars(byCategory, category), { labelledBy: `${prefix}removed-category-title`, max: 1, testId: `chart-${prefix}removed-category` }), language),
    removalTable(`table-${prefix}removed-category`, byCategory, t.categories, category, language), language)}`;
}

export interface DashboardData {
  months: MonthFigure[];
  byPlatform: RemovalFigure[];
  byCategory: RemovalFigure[];
  delays: DelayFigure[];
  throughput: Throughput;
}

export function dashboardPage(context: PageContext, data: DashboardData): string {
  const { language } = context;
  const t = reviewStrings[language];
  const m = t.measure;
  const months = data.months.map((f) => f.month);
  const monthTable = (id: string, value: (f: MonthFigure) => Html) => html`<table data-testid="${id}"><thead><tr><th scope="col">${m.month}</th><th scope="col" class="num">${m.reports}</th><th scope="col" class="num">${t.threatToLife}</th><th scope="col" class="num">${m.share}</th></tr></thead>
<tbody>${data.months.map((f) => html`<tr data-key="${f.month}"><th scope="row">${f.month}</th>${value(f)}</tr>`)}</tbody></table>`;
  const monthCells = (f: MonthFigure) => html`${cell(f.reports, number(f.reports, language))}${cell(f.threatToLife, number(f.threatToLife, language))}${cell(f.threatShare, percent(f.threatShare, language))}`;
  const { weeks, reviewers, counts } = data.throughput;
  return frame(context, m.dashboardTitle, html`
${figure('reports-month', m.reportsPerMonth,
    lineChart(months, [{ name: m.reports, values: data.months.map((f) => f.reports) }], { labelledBy: 'reports-month-title', testId: 'chart-reports-month', format: (n) => number(n, language) }),
    monthTable('table-reports-month', monthCells), language)}
${removalFigures('', data.byPlatform, data.byCategory, language)}
${figure('removal-delay', m.medianToRemoval,
    chartOrNone(data.delays[0]!.removed > 0, () => barChart(data.delays.map((d) => ({ label: d.platform ?? m.allPlatforms, value: (d.medianMinutes ?? 0) / 60, text: hours(d.medianMinutes, language) })), { labelledBy: 'removal-delay-title', testId: 'chart-removal-delay' }), language),
    html`<table data-testid="table-removal-delay"><thead><tr><th scope="col">${t.platform}</th><th scope="col" class="num">${m.removed}</th><th scope="col" class="num">${m.median}</th></tr></thead>
<tbody>${data.delays.map((d) => html`<tr data-key="${d.platform ?? ''}"><th scope="row">${d.platform ?? m.allPlatforms}</th>${cell(d.removed, number(d.removed, language))}<td class="num" data-value="${d.medianMinutes ?? ''}">${hours(d.medianMinutes, language)}</td></tr>`)}</tbody></table>`, language)}
${figure('threat-share', m.threatShare,
    lineChart(months, [{ name: t.threatToLife, values: data.months.map((f) => (f.threatShare === undefined ? undefined : f.threatShare * 100)) }], { labelledBy: 'threat-share-title', testId: 'chart-threat-share', format: (n) => percent(n / 100, language) }),
    monthTable('table-threat-share', monthCells), language)}
${figure('throughput', m.throughput,
    chartOrNone(weeks.length > 0, () => lineChart(weeks, reviewers.map((name, i) => ({ name, values: counts[i]! })), { labelledBy: 'throughput-title', testId: 'chart-throughput', format: (n) => number(n, language) }), language),
    html`<table data-testid="table-throughput"><thead><tr><th scope="col">${m.week}</th>${reviewers.map((r) => html`<th scope="col" class="num">${r}</th>`)}</tr></thead>
<tbody>${weeks.map((week, j) => html`<tr data-key="${week}"><th scope="row">${week}</th>${reviewers.map((r, i) => html`<td class="num" data-reviewer="${r}" data-value="${counts[i]![j]!}">${number(counts[i]![j]!, language)}</td>`)}</tr>`)}</tbody></table>`, language)}`);
}

export function art22Page(context: PageContext, report: Art22Report): string {
  const { language, year } = context;
  const t = reviewStrings[language];
  const m = t.measure;
  const download = (format: string) => `/review/art22?${new URLSearchParams({ year: String(year), format, lang: language })}`;
  const counts = (id: string, heading: string, rows: readonly [string, number][], label: (key: string) => string) =>
    figure(id, heading, barChart(rows.map(([key, n]) => ({ label: label(key), value: n, text: number(n, language) })), { labelledBy: `${id}-title`, testId: `chart-${id}` }),
      html`<table data-testid="table-${id}"><thead><tr><th scope="col">${heading}</th><th scope="col" class="num">${m.notices}</th></tr></thead>
<tbody>${rows.map(([key, n]) => html`<tr data-key="${key}"><th scope="row">${label(key)}</th>${cell(n, number(n, language))}</tr>`)}</tbody></table>`, language);
  const statuses = report.byStatus.map(([status]) => status);
  return frame(context, m.art22Title(String(year)), html`<p>${m.art22Intro}</p>
<p class="downloads"><span>${m.download}:</span><a href="${download('csv')}" data-testid="art22-csv">CSV</a><a href="${download('pdf')}" data-testid="art22-pdf">PDF</a></p>
<table class="facts" data-testid="table-art22-total"><tr data-key="total"><th scope="row">${m.total}</th>${cell(report.total, number(report.total, language))}</tr>
<tr data-key="threat_to_life"><th scope="row">${t.threatToLife}</th>${cell(report.threatToLife, number(report.threatToLife, language))}</tr></table>
${counts('art22-platform', m.byProvider, report.byPlatform, (k) => k)}
${counts('art22-category', m.byType, report.byCategory, (k) => categoryLabels([k], language))}
${counts('art22-status', m.byAction, report.byStatus, (k) => statusLabel(k, language))}
${counts('art22-removal', m.byRemoval, report.byRemoval, (k) => removalLabel(k, language))}
<section aria-labelledby="art22-cross-title"><h2 id="art22-cross-title">${m.providerByAction}</h2>
<table data-testid="table-art22-platform-status"><thead><tr><th scope="col">${t.platform}</th>${statuses.map((s) => html`<th scope="col" class="num" data-status="${s}">${statusLabel(s, language)}</th>`)}</tr></thead>
<tbody>${report.platformByStatus.map((row) => html`<tr data-key="${row.platform}"><th scope="row">${row.platform}</th>${row.counts.map((n, i) => html`<td class="num" data-status="${statuses[i]!}" data-value="${n}">${number(n, language)}</td>`)}</tr>`)}</tbody></table></section>`);
}

export function transparencyPage(context: PageContext, data: { byPlatform: RemovalFigure[]; byCategory: RemovalFigure[]; overall: RemovalFigure }): string {
  const { language } = context;
  const m = reviewStrings[language].measure;
  const { overall } = data;
  const fact = (value: number | undefined, text: string) => (overall.suppressed ? html`<td class="num">${m.suppressed}</td>` : cell(value, text));
  return frame(context, m.transparencyTitle, html`<p>${m.transparencyIntro} ${m.retractedLeftOut}</p>
<p class="hint">${m.suppressionNote(number(SMALL_CELL_K, language))}</p>
<table class="facts" data-testid="table-transparency-total"><tr data-key=""><th scope="row">${m.reports}</th>${fact(overall.reports, number(overall.reports, language))}</tr>
<tr><th scope="row">${m.removed}</th>${fact(overall.removed, number(overall.removed, language))}</tr>
<tr><th scope="row">${m.share}</th>${fact(overall.share, percent(overall.share, language))}</tr></table>
${removalFigures('tr-', data.byPlatform, data.byCategory, language)}`);
}

