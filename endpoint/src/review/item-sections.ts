import type { MediumRow } from '../storage/review-queries.ts';
import type { ReportSummary } from '../storage/types.ts';
import { reportRows, vpdqGroupLink } from './group-page.ts';
import { html, type Html } from './html.ts';
import { formatReviewTime, type ReviewLanguage } from './strings.ts';
import { workspaceStrings } from './workspace-strings.ts';

export interface ItemHistory {
  media: MediumRow[];
  /** Every other report of the same item (same URL, media group or video group), without this one. */
  others: ReportSummary[];
  checks: { checkedAt: string; state: string; httpStatus: number | null }[];
  /** The key of this report's "same video by vPDQ" group, when it sent a vPDQ. */
  vpdqGroup?: string;
}

const hex = (value: string | null) => (value ? html`<code dir="ltr">${value}</code>` : '');

/** The item page's workspace sections: which hash belongs to which medium, the item's other reports, its removal checks. */
export function itemSections(history: ItemHistory, language: ReviewLanguage): Html {
  const w = workspaceStrings[language];
  return html`<section aria-labelledby="media-heading"><h2 id="media-heading">${w.mediaHashes}</h2>
${history.media.length ? html`<table data-testid="media-hashes"><thead><tr><th>${w.medium}</th><th>${w.kind}</th><th>PDQ</th><th>MD5</th><th>SHA-256</th><th>${w.group}</th></tr></thead>
<tbody>${history.media.map((m) => html`<tr data-ref="${m.ref}"><td dir="ltr">${m.ref}</td><td>${m.kind}</td>
<td>${hex(m.pdq)}${m.pdqQuality !== null && m.pdq ? html` (${m.pdqQuality})` : ''}</td><td>${hex(m.md5)}</td><td>${hex(m.sha256)}</td>
<td>${m.groupId ? html`<a href="/review/groups/media?key=${encodeURIComponent(m.groupId)}" dir="ltr">${m.groupId}</a>` : ''}</td></tr>`)}</tbody></table>`
    : html`<p>${w.noMedia}</p>`}</section>
<section aria-labelledby="same-item-heading"><h2 id="same-item-heading">${w.everyReport}</h2><p class="hint">${w.everyReportHint}</p>
${history.vpdqGroup ? html`<p>${vpdqGroupLink(history.vpdqGroup, language)}</p>` : ''}
${history.others.length ? reportRows(history.others, language, 'same-item') : html`<p>${w.onlyReport}</p>`}</section>
<section aria-labelledby="checks-heading"><h2 id="checks-heading">${w.removalChecks}</h2>
${history.checks.length ? html`<table data-testid="removal-checks"><thead><tr><th>${w.checked}</th><th>${w.result}</th><th>${w.httpStatus}</th></tr></thead>
<tbody>${history.checks.map((c) => html`<tr><td><time datetime="${c.checkedAt}">${formatReviewTime(c.checkedAt, language)}</time></td>
<td data-state="${c.state}">${w.removalStates[c.state] ?? c.state}</td><td>${c.httpStatus ?? ''}</td></tr>`)}</tbody></table>`
    : html`<p>${w.notChecked}</p>`}</section>`;
}
