import { nextStatuses } from '../core/status.ts';
import { endpointStatuses, tcoCategories, type EndpointStatus } from '../shared.ts';
import type { QueueItem, QueueSort } from '../storage/review-queries.ts';
import { queueSorts } from '../storage/review-queries.ts';
import type { ReportPage } from '../storage/types.ts';
import { vpdqGroupLink } from './group-page.ts';
import { html, type Html } from './html.ts';
import { layout } from './pages.ts';
import { categoryLabels, formatReviewNumber, formatReviewTime, reviewStrings, statusLabel, type ReviewLanguage } from './strings.ts';
import { workspaceStrings } from './workspace-strings.ts';

/** The queue's form fields as they arrive (strings; empty = not set), echoed back into the form and links. */
export interface QueueForm {
  q?: string;
  hash?: string;
  status?: string;
  platform?: string;
  category?: string;
  ttl?: '' | 'yes' | 'no';
  since?: string;
  until?: string;
  sort: QueueSort;
}

/** The search form's fields, each with its label, to name the one a reviewer mistyped. */
const searchLabels = {
  q: (l) => workspaceStrings[l].searchText, hash: (l) => workspaceStrings[l].hash, status: (l) => reviewStrings[l].status,
  platform: (l) => reviewStrings[l].platform, category: (l) => workspaceStrings[l].category, ttl: (l) => reviewStrings[l].threatToLife,
  since: (l) => workspaceStrings[l].since, until: (l) => workspaceStrings[l].until, sort: (l) => workspaceStrings[l].order,
} satisfies Record<keyof QueueForm, (language: ReviewLanguage) => string>;
export type SearchField = keyof typeof searchLabels;
export const isSearchField = (key: unknown): key is SearchField => typeof key === 'string' && Object.hasOwn(searchLabels, key);

/** A search as it was typed (a repeated field is not echoed), to show it again with what is wrong in it. */
export function submittedSearch(query: unknown): QueueForm {
  const raw = (query ?? {}) as Record<string, unknown>;
  const typed = Object.fromEntries(Object.keys(searchLabels).map((key) => [key, typeof raw[key] === 'string' ? raw[key] : '']));
  return { ...typed, sort: queueSorts.find((sort) => sort === raw.sort) ?? 'urgent' } as QueueForm;
}

/** Statuses a reviewer can move some report to: every target of the workflow but `withdrawn`. */
export const bulkTargets = [...new Set(Object.values(nextStatuses).flat())].filter((s) => s !== 'withdrawn') as EndpointStatus[];

/** The form's set fields as a query string (with more), for pager, export and group links. */
export function queueParams(form: QueueForm, more: Record<string, string> = {}): URLSearchParams {
  const set = Object.entries(form).filter(([, v]) => typeof v === 'string' && v !== '') as [string, string][];
  return new URLSearchParams([...Object.entries(more), ...set]);
}

/** The long export (one row per report, GET /v1/export/reports) with the queue's filters that it knows. */
export function longExportLink(form: QueueForm): string {
  const { status, platform, category, since, until } = form;
  return `/review/export/reports?${queueParams({ status, platform, category, since, until } as QueueForm, { format: 'csv' })}`;
}

const option = (value: string, label: string, current: string | undefined) =>
  html`<option value="${value}" ${value === (current ?? '') ? html`selected` : ''}>${label}</option>`;

function searchForm(form: QueueForm, language: ReviewLanguage): Html {
  const [t, w] = [reviewStrings[language], workspaceStrings[language]];
  return html`<form method="get" action="/review" class="search" role="search" data-testid="queue-search">
<label>${w.searchText} <input name="q" type="search" maxlength="200" value="${form.q ?? ''}"></label>
<label>${w.hash} <input name="hash" maxlength="64" dir="ltr" value="${form.hash ?? ''}"></label>
<label>${t.status} <select name="status">${option('', t.allStatuses, form.status)}${endpointStatuses.map((s) => option(s, statusLabel(s, language), form.status))}</select></label>
<label>${t.platform} <input name="platform" maxlength="32" dir="ltr" value="${form.platform ?? ''}"></label>
<label>${w.category} <select name="category">${option('', w.any, form.category)}${tcoCategories.map((c) => option(c, categoryLabels([c], language), form.category))}</select></label>
<label>${t.threatToLife} <select name="ttl">${option('', w.any, form.ttl)}${option('yes', w.threatToLifeOnly, form.ttl)}${option('no', w.threatToLifeNone, form.ttl)}</select></label>
<label>${w.since} <input name="since" type="date" value="${form.since ?? ''}"></label>
<label>${w.until} <input name="until" type="date" value="${form.until ?? ''}"></label>
<label>${w.order} <select name="sort">${queueSorts.map((s) => option(s, w.sorts[s], form.sort))}</select></label>
<button>${w.apply}</button> <a href="/review?sort=${form.sort}">${w.clear}</a></form>`;
}

/** An item's "same item" links: its URL's reports, its media's and its videos' groups. */
export function groupLinks(item: QueueItem, language: ReviewLanguage): Html {
  const w = workspaceStrings[language];
  const count = (n: number) => formatReviewNumber(n, language);
  const links = [
    ...(item.sameUrl > 1 ? [html`<a href="/review/groups/url?key=${encodeURIComponent(item.url)}" data-group="url">${w.sameUrl(count(item.sameUrl))}</a>`] : []),
    ...item.groups.map((g) => html`<a href="/review/groups/${g.kind}?key=${encodeURIComponent(g.id)}" data-group="${g.kind}">${(g.kind === 'media' ? w.sameMedia : w.sameVideo)(count(g.reports))}</a>`),
    ...(item.vpdq ? [vpdqGroupLink(item.id, language)] : []),
  ];
  return html`${links.map((link, i) => html`${i ? html`<br>` : ''}${link}`)}`;
}

/** `here`: the address asked (filters and cursor), which the language switch keeps. */
export function queuePage(input: Omit<ReportPage, 'items'> & {
  items: QueueItem[]; form: QueueForm; csrf: string; admin: boolean; language: ReviewLanguage; here: string; badField?: SearchField; fromCursor?: boolean;
}): string {
  const { items, total, newer, older, form, language } = input;
  const [t, w] = [reviewStrings[language], workspaceStrings[language]];
  const pageLink = (page: Record<string, string>) => `/review?${queueParams(form, page)}`;
  const { status } = form;
  const exportLink = `/review/export?${new URLSearchParams({ format: 'csv', ...(status ? { status } : {}) })}`;
  const tmkLink = `/review/export/tmk${status ? `?${new URLSearchParams({ status })}` : ''}`;
  return layout(t.reportsTitle, html`<h1>${t.reportsTitle}</h1>
${searchForm(form, language)}
<div class="bar"><a href="${exportLink}">${t.exportCsv}</a><a href="${longExportLink(form)}" data-testid="export-long">${w.exportLong}</a><a href="${tmkLink}">${t.exportTmk}</a>${
  input.admin ? html`<a href="/review/accounts" data-testid="accounts-link">${w.accounts}</a>` : ''}</div>
${input.badField ? html`<p class="error" role="alert" data-testid="search-error">${w.badSearchField(searchLabels[input.badField](language))}</p>`
  : html`<p data-testid="queue-count">${w.matches(formatReviewNumber(total, language))}</p>`}
<form method="post" action="/review/bulk" data-testid="bulk-form">
<input type="hidden" name="csrf" value="${input.csrf}"><input type="hidden" name="back" value="/review?${queueParams(form).toString()}">
<table data-testid="queue"><thead><tr><th>${w.select}</th><th>${t.received}</th><th>${t.status}</th><th>${t.platform}</th><th>${t.post}</th><th>${t.author}</th><th>${t.categories}</th><th>${t.threatToLife}</th><th>${w.sameItem}</th></tr></thead>
<tbody>${items.map((r) => html`<tr class="${r.threatToLife ? 'urgent' : ''}" data-report-id="${r.id}">
<td><input type="checkbox" name="id" value="${r.id}" aria-label="${w.selectReport(r.id)}"><input type="hidden" name="seen" value="${r.id}.${r.status}"></td>
<td><a href="/review/reports/${r.id}"><time datetime="${r.receivedAt}">${formatReviewTime(r.receivedAt, language)}</time></a></td><td data-status="${r.status}">${statusLabel(r.status, language)}</td><td>${r.platform}</td>
<td class="url" dir="ltr">${r.url}</td><td><bdi>${r.author ?? ''}</bdi></td><td>${categoryLabels(r.categories, language)}</td><td>${r.threatToLife ? t.yes : ''}</td><td>${groupLinks(r, language)}</td></tr>`)}</tbody></table>
<fieldset class="stack"><legend>${w.bulkHeading}</legend>
<label>${w.moveTo} <select name="status">${bulkTargets.map((s) => html`<option value="${s}">${statusLabel(s, language)}</option>`)}</select></label>
<label>${w.reason} <textarea name="note" maxlength="2000" rows="2"></textarea></label>
<button data-testid="bulk-move">${w.moveSelected}</button></fieldset></form>
<nav>${newer ? html`<a href="${pageLink({ before: newer })}" rel="prev">${t.newer}</a>` : ''}${
  // A page whose rows all left the filter since its link was made has no row to page from: back to the start.
  !items.length && input.fromCursor ? html`<a href="${pageLink({})}" rel="prev" data-testid="first-page">${w.firstPage}</a>` : ''}
${older ? html`<a href="${pageLink({ after: older })}" rel="next">${t.older}</a>` : ''}</nav>`, language, input.csrf, input.here);
}
