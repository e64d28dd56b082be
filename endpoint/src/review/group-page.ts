import type { GroupKind } from '../storage/review-queries.ts';
import type { ReportSummary } from '../storage/types.ts';
import { html, type Html } from './html.ts';
import { layout } from './pages.ts';
import { categoryLabels, formatReviewNumber, formatReviewTime, reviewStrings, statusLabel, type ReviewLanguage } from './strings.ts';
import { workspaceStrings } from './workspace-strings.ts';

/** A compact list of reports (a group's, or an item's other reports): each links to its page. */
export function reportRows(items: readonly ReportSummary[], language: ReviewLanguage, testId: string) {
  const t = reviewStrings[language];
  return html`<table data-testid="${testId}"><thead><tr><th>${t.received}</th><th>${t.status}</th><th>${t.platform}</th><th>${t.post}</th><th>${t.categories}</th><th>${t.threatToLife}</th></tr></thead>
<tbody>${items.map((r) => html`<tr class="${r.threatToLife ? 'urgent' : ''}" data-report-id="${r.id}">
<td><a href="/review/reports/${r.id}"><time datetime="${r.receivedAt}">${formatReviewTime(r.receivedAt, language)}</time></a></td>
<td data-status="${r.status}">${statusLabel(r.status, language)}</td><td>${r.platform}</td><td class="url" dir="ltr">${r.url}</td>
<td>${categoryLabels(r.categories, language)}</td><td>${r.threatToLife ? t.yes : ''}</td></tr>`)}</tbody></table>`;
}

/** The link to the reports with the same video as report `id`'s by vPDQ (queue rows and a report's page). */
export const vpdqGroupLink = (id: string, language: ReviewLanguage): Html =>
  html`<a href="/review/groups/vpdq?key=${encodeURIComponent(id)}" data-group="vpdq">${workspaceStrings[language].sameVideoVpdq}</a>`;

/** One group: the reports of one URL, of one media group (PDQ), or of one video group (TMK, or vPDQ as seen from one report). */
export function groupPage(input: { kind: GroupKind; key: string; items: ReportSummary[]; total: number; csrf: string; language: ReviewLanguage }): string {
  const { language } = input;
  const w = workspaceStrings[language];
  const count = (n: number) => formatReviewNumber(n, language);
  return layout(w.groupTitles[input.kind], html`<h1>${w.groupTitles[input.kind]}</h1>
<p><code dir="ltr" data-testid="group-key">${input.key}</code></p>
<p>${w.groupCount(count(input.items.length), count(input.total))}</p>
${reportRows(input.items, language, 'group-reports')}
<p><a href="/review">${w.backToQueue}</a></p>`, language, input.csrf, `/review/groups/${input.kind}?${new URLSearchParams({ key: input.key })}`);
}
