import { html } from './html.ts';
import { layout } from './pages.ts';
import { formatReviewNumber, type ReviewLanguage } from './strings.ts';
import { workspaceStrings } from './workspace-strings.ts';

/** What a bulk move did to each selected report: moved, or why not (the workflow's own message). */
export function bulkResultPage(input: { results: { id: string; error?: string }[]; csrf: string; language: ReviewLanguage; back: string; error?: string }): string {
  const { results, language } = input;
  const w = workspaceStrings[language];
  const refused = results.filter((r) => r.error).length;
  return layout(w.bulkTitle, html`<h1>${w.bulkTitle}</h1>
${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ''}
<p role="status" data-testid="bulk-summary">${w.bulkSummary(formatReviewNumber(results.length - refused, language), formatReviewNumber(refused, language))}</p>
<ul data-testid="bulk-results">${results.map((r) => html`<li data-report-id="${r.id}" data-outcome="${r.error ? 'refused' : 'moved'}"><a href="/review/reports/${r.id}" dir="ltr">${r.id}</a>: ${
  r.error ? html`<span class="error" dir="auto">${r.error}</span>` : w.moved}</li>`)}</ul>
<p><a href="${input.back}">${w.backToQueue}</a></p>`, language, input.csrf, input.back);
}
