import { refusalMessage, type Refusal } from '../core/status.ts';
import { endpointStatuses, type EndpointStatus } from '../shared.ts';
import { html } from './html.ts';
import { layout } from './pages.ts';
import { formatReviewNumber, statusLabel, type ReviewLanguage } from './strings.ts';
import { workspaceStrings } from './workspace-strings.ts';

/** What a bulk move did to one report; `from` is the status a refused report had. */
export type BulkOutcome = 'moved' | 'unchanged' | 'missing' | Refusal;
export interface BulkResult { id: string; outcome: BulkOutcome; from?: EndpointStatus }

/** Why a move was refused, for a page: in its language when the pages have the words, else the workflow's own sentence (English, as the API gives it). */
export function refusalText(reason: Refusal, from: EndpointStatus, to: EndpointStatus, language: ReviewLanguage): string {
  const w = workspaceStrings[language];
  if (reason === 'stale') return w.changedSince(statusLabel(from, language));
  return reason === 'withdrawn' ? w.withdrawnByReporter : refusalMessage(reason, from, to);
}

/** The status each listed report had when the queue was shown (`seen`: id.status), for the move's compare. */
export const SEEN = new RegExp(`^([0-9a-f-]{36})\\.(${endpointStatuses.join('|')})$`);

/** What a bulk move did to each selected report: moved, already so, or why not. */
/** `here`: the page's own GET address, for the language switch (a POST's answer gives the queue it came from). */
export function bulkResultPage(input: {
  results: BulkResult[]; to?: EndpointStatus; csrf: string; language: ReviewLanguage; back: string; here: string; error?: string;
}): string {
  const { results, language } = input;
  const w = workspaceStrings[language];
  const count = (outcome: BulkOutcome) => formatReviewNumber(results.filter((r) => r.outcome === outcome).length, language);
  const refused = formatReviewNumber(results.filter((r) => r.outcome !== 'moved' && r.outcome !== 'unchanged').length, language);
  const why = (r: BulkResult) => (r.outcome === 'missing' ? w.missing : refusalText(r.outcome as Refusal, r.from!, input.to!, language));
  const line = (r: BulkResult) => (r.outcome === 'moved' ? w.moved : r.outcome === 'unchanged' ? w.unchanged : html`<span class="error" dir="auto">${why(r)}</span>`);
  return layout(w.bulkTitle, html`<h1>${w.bulkTitle}</h1>
${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ''}
<p role="status" data-testid="bulk-summary">${w.bulkSummary(count('moved'), count('unchanged'), refused)}</p>
<ul data-testid="bulk-results">${results.map((r) => html`<li data-report-id="${r.id}" data-outcome="${
  r.outcome === 'moved' || r.outcome === 'unchanged' ? r.outcome : 'refused'}" data-reason="${r.outcome}"><a href="/review/reports/${r.id}" dir="ltr">${r.id}</a>: ${line(r)}</li>`)}</ul>
<p><a href="${input.back}">${w.backToQueue}</a></p>`, language, input.csrf, input.here);
}

/**
 * A bulk move's results as the query of the page that shows them (POST-redirect-GET: a reload shows them
 * again instead of posting again). A move is at most one queue page of reports, so the query stays a few KB.
 */
export const bulkResultQuery = (results: readonly BulkResult[], to: EndpointStatus, back: string) =>
  new URLSearchParams([['to', to], ...results.map((r): [string, string] => ['r', [r.id, r.outcome, ...(r.from ? [r.from] : [])].join('.')]), ['back', back]]);

/** One `r` value of that query: id.outcome, and .from for a refusal (its sentence is rebuilt from it). */
export const BULK_RESULT = new RegExp(`^([0-9a-f-]{36})\\.(?:(moved|unchanged|missing)|(forbidden|transition|withdrawn|stale)\\.(${endpointStatuses.join('|')}))$`);
export function parseBulkResult(value: string): BulkResult {
  const [, id, done, refusal, from] = BULK_RESULT.exec(value)!;
  return refusal ? { id: id!, outcome: refusal as Refusal, from: from as EndpointStatus } : { id: id!, outcome: done as BulkOutcome };
}
