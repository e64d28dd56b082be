import type { TmkMediumMatches } from '../core/tmk-matches.ts';
import { TMK_LEVEL1_THRESHOLD } from '../shared.ts';
import { html, type Html } from './html.ts';
import { formatReviewNumber, reviewStrings, type ReviewLanguage } from './strings.ts';

/** A part of a page made before its language is known, written in it when the page is. */
export type InLanguage = (language: ReviewLanguage) => Html;

const score = (value: number, language: ReviewLanguage) =>
  formatReviewNumber(value, language, { minimumFractionDigits: 3, maximumFractionDigits: 3 });

/** The report page's TMK+PDQF section: each video's group, the reports whose videos match it, and the scores. */
export function tmkSection(reportId: string, media: readonly TmkMediumMatches[]): InLanguage | '' {
  if (!media.length) return '';
  return (language) => {
    const t = reviewStrings[language].tmk;
    return html`<h2>${t.heading}</h2>
<p class="hint">${t.hint(formatReviewNumber(TMK_LEVEL1_THRESHOLD, language))}</p>
${media.map((m) => html`<h3>${t.medium} ${m.ref} · ${m.groupId ? html`${t.group} <code dir="ltr">${m.groupId}</code>` : t.waitingForGrouping} ·
<a href="/review/tmk/${reportId}/${m.ref}">${t.download}</a></h3>
${m.matches.length ? html`<table class="tmk-matches"><thead><tr><th>${t.report}</th><th>${t.medium}</th><th>${t.level1}</th><th>${t.level2}</th></tr></thead>
<tbody>${m.matches.map((x) => html`<tr><td dir="ltr"><a href="/review/reports/${x.reportId}">${x.reportId}</a></td><td>${x.ref}</td>
<td>${score(x.level1, language)}</td><td>${score(x.level2, language)}</td></tr>`)}</tbody></table>
${m.total > m.matches.length ? html`<p class="hint">${t.more(formatReviewNumber(m.total - m.matches.length, language))}</p>` : ''}`
    : m.groupId ? html`<p>${t.noOtherMatch}</p>` : ''}`)}`;
  };
}

/**
 * JSON.stringify replacer for "Report as received": the body keeps `sha256:…` where the reporter sent the
 * signature's base64 (core/tmk-intake.ts withTmkStoredApart); say where the file is.
 */
export function abridgeTmk(_key: string, value: unknown): unknown {
  const hash = value as { algorithm?: unknown; value?: unknown } | null;
  if (hash && typeof hash === 'object' && hash.algorithm === 'tmk' && typeof hash.value === 'string') {
    return { ...hash, value: `(.tmk file, ${hash.value}: download it under "Video matches")` };
  }
  return value;
}
