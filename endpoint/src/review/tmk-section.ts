import type { TmkMediumMatches } from '../core/tmk-matches.ts';
import { TMK_LEVEL1_THRESHOLD } from '../shared.ts';
import { html, type Html } from './html.ts';

const score = (value: number) => value.toFixed(3);

/** The report page's TMK+PDQF section: each video's group, the reports whose videos match it, and the scores. */
export function tmkSection(reportId: string, media: readonly TmkMediumMatches[]): Html | '' {
  if (!media.length) return '';
  return html`<h2>Video matches (TMK+PDQF)</h2>
<p class="hint">Level 1 (average frame) and level 2 (time-aligned) scores against this report's video; the videos of a
group match at both ≥ ${TMK_LEVEL1_THRESHOLD}, the reference's defaults.</p>
${media.map((m) => html`<h3>Medium ${m.ref} · ${m.groupId ? html`group <code dir="ltr">${m.groupId}</code>` : 'waiting for grouping'} ·
<a href="/review/tmk/${reportId}/${m.ref}">download .tmk</a></h3>
${m.matches.length ? html`<table class="tmk-matches"><thead><tr><th>Report</th><th>Medium</th><th>Level 1</th><th>Level 2</th></tr></thead>
<tbody>${m.matches.map((x) => html`<tr><td><a href="/review/reports/${x.reportId}">${x.reportId}</a></td><td>${x.ref}</td>
<td>${score(x.level1)}</td><td>${score(x.level2)}</td></tr>`)}</tbody></table>
${m.total > m.matches.length ? html`<p class="hint">and ${m.total - m.matches.length} more in this group.</p>` : ''}`
  : m.groupId ? html`<p>No other report's video matches.</p>` : ''}`)}`;
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
