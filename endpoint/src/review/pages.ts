import { movesFor } from '../core/status.ts';
import { textDirection, type Report } from '../shared.ts';
import type { ReportState, UrlCheck } from '../storage/types.ts';
import { html, type Html } from './html.ts';
import { abridgeTmk, type InLanguage } from './tmk-section.ts';
import {
  categoryLabels, formatReviewTime, reviewLanguages, reviewStrings, statusLabel, type ReviewLanguage, type ReviewStrings,
} from './strings.ts';
import { workspaceStrings } from './workspace-strings.ts';

export const PAGE_SIZE = 50;

/**
 * Each language named in itself, linking to the same page in it (a link, not a script: the CSP allows none).
 * `here` is the GET address of the page shown (path and query): a bare `?lang=` would drop the page's
 * own query (a group's key, the queue's filters), and on the answer to a POST would lead to the POST's address.
 */
function languageSwitch(language: ReviewLanguage, here: string): Html {
  const hrefIn = (other: ReviewLanguage) => {
    const url = new URL(here, 'http://here.invalid');
    url.searchParams.set('lang', other);
    return url.pathname + url.search;
  };
  return html`<nav class="languages" aria-label="${reviewStrings[language].languageSwitch}">${reviewLanguages.map(
    (other) => html`<a href="${hrefIn(other)}" lang="${other}" dir="${textDirection(other)}" hreflang="${other}" ${other === language ? html`aria-current="true"` : ''}>${reviewStrings[other].languageName}</a>`)}</nav>`;
}

/** `here`: the GET address of this page, for the language switch (see languageSwitch). */
export function layout(title: string, body: Html, language: ReviewLanguage, csrf: string | undefined, here: string): string {
  const t = reviewStrings[language];
  return html`<!doctype html>
<html lang="${language}" dir="${textDirection(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title} · ${t.siteName}</title>
<link rel="stylesheet" href="/review/style.css"></head>
<body><header><a href="/review">${t.siteName}</a>${csrf ? html`<a href="/review/dashboard" data-testid="nav-dashboard">${t.measure.nav}</a>` : ''}${languageSwitch(language, here)}${csrf ? html`
<form method="post" action="/review/logout"><input type="hidden" name="csrf" value="${csrf}"><button>${t.logOut}</button></form>` : ''}</header>
<main>${body}</main></body></html>`.text;
}

export function loginPage(error?: string, language: ReviewLanguage = 'en'): string {
  const t = reviewStrings[language];
  return layout(t.logInTitle, html`<h1>${t.logInHeading}</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/review/login" class="stack">
<label>${t.reviewerToken} <input name="token" type="password" autocomplete="off" required maxlength="200"></label>
<button>${t.logIn}</button></form>
<p class="hint">${t.createTokenHint} <code dir="ltr">npm run cli -- token create --name you --reviewer</code>.</p>`, language, undefined, '/review/login');
}

/** A form whose CSRF token is from an earlier session: nothing done; the reviewer reloads the form's page. */
export function staleFormPage(language: ReviewLanguage): string {
  const t = reviewStrings[language];
  return layout(t.staleFormTitle, html`<h1>${t.staleFormTitle}</h1>
<p class="error" role="alert" data-testid="stale-form">${t.staleForm}</p>
<p><a href="/review">${t.reportsTitle}</a></p>`, language, undefined, '/review');
}

export type Done = keyof ReviewStrings['done'];

/** `done`: what the form just before did (its redirect's `?done=`), said in a status message. */
export function detailPage(input: { state: ReportState; report: Report; removal?: UrlCheck; csrf: string; error?: string; done?: Done; tmk?: InLanguage | ''; forward?: Html | ''; workspace?: Html; language?: ReviewLanguage }): string {
  const { state, report, removal, language = 'en' } = input;
  const t = reviewStrings[language];
  const time = (iso: string | null | undefined) => (iso ? html`<time datetime="${iso}">${formatReviewTime(iso, language)}</time>` : undefined);
  const { target, classification, reporter } = report;
  const choices = [state.status, ...movesFor('reviewer', state.status)];
  const row = (label: string, value: Html | string | undefined) => (value ? html`<tr><th>${label}</th><td>${value}</td></tr>` : '');
  // Strangers' words (author, explanation, text, note) take their own direction: an Arabic post in a French page.
  // So does input.error: the API's English sentence, which an Arabic page shows as it is.
  const theirs = (text: string | undefined) => (text ? html`<bdi>${text}</bdi>` : undefined);
  // Report 1.2: an account's posts and a post's links, each a link out of the review page.
  const outLink = (url: string) => html`<a href="${url}" rel="noopener noreferrer nofollow" target="_blank" dir="ltr">${url}</a>`;
  const links = (urls: string[] | undefined) => (urls?.length ? html`<ul>${urls.map((url) => html`<li>${outLink(url)}</li>`)}</ul>` : undefined);
  return layout(`${t.reportTitle} ${state.id}`, html`<h1>${t.reportTitle} <code dir="ltr">${state.id}</code></h1>
${input.error ? html`<p class="error" role="alert" dir="auto">${input.error}</p>` : ''}
${input.done ? html`<p role="status" data-testid="done">${t.done[input.done]}</p>` : ''}
<table class="facts">
${row(t.status, statusLabel(state.status, language))}${row(t.noteToReporter, theirs(state.note ?? undefined))}${row(t.outcome, theirs(state.outcome ?? undefined))}
${row(t.received, time(state.receivedAt))}${row(t.updated, time(state.updatedAt))}
${row(target.kind === 'account' ? t.account : t.post, outLink(target.url))}
${row(t.platform, target.platform)}${row(t.author, theirs(target.author?.handle))}${row(t.posted, time(target.postedAt))}
${row(t.categories, categoryLabels(classification.tco, language))}${row(t.threatToLife, classification.threatToLife ? t.yes : t.no)}
${row(t.explanation, theirs(classification.explanation))}${row(t.entity, theirs(classification.entity))}${row(t.text, target.text ? html`<p dir="auto">${target.text}</p>` : undefined)}
${row(t.recentPosts, links(target.account?.recentPosts?.map((p) => p.url)))}${row(t.outLinks, links(target.outLinks?.map((l) => l.url)))}
${row(t.reporter, reporter.mode === 'named' ? theirs(`${reporter.name} <${reporter.email}>`) : t.reporterModes[reporter.mode])}
${row(t.removal, removal ? `${removal.state}${removal.removedAt ? ` ${t.since} ${formatReviewTime(removal.removedAt, language)}` : ''}` : undefined)}
</table>
${input.workspace ?? ''}
<h2>${t.changeStatus}</h2>
${state.status === 'withdrawn' ? html`<p data-testid="withdrawn">${workspaceStrings[language].withdrawnByReporter}</p>` : html`<form method="post" action="/review/reports/${state.id}/status" class="stack">
<input type="hidden" name="csrf" value="${input.csrf}"><input type="hidden" name="seen" value="${state.status}">
<label>${t.status} <select name="status">${choices.map((s) => html`<option value="${s}">${statusLabel(s, language)}</option>`)}</select></label>
<label>${t.noteOptional} <textarea name="note" maxlength="2000" rows="3"></textarea></label>
<label>${t.outcomeOptional} <input name="outcome" maxlength="500"></label>
<button>${t.save}</button></form>`}
${input.tmk ? input.tmk(language) : ''}
${input.forward ?? ''}
<h2>${t.asReceived}</h2><pre dir="ltr">${JSON.stringify(report, abridgeTmk, 2)}</pre>`, language, input.csrf, `/review/reports/${state.id}`);
}

export const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b}
header{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1rem;background:#20252b}
header a,header button{color:#fff;font-weight:600;text-decoration:none;background:none;border:0;cursor:pointer}
main{padding:1rem;max-width:80rem}table{border-collapse:collapse;width:100%}
th,td{text-align:start;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
tr.urgent td{background:#fde8e8}td.url{word-break:break-all}.facts th{width:12rem}
textarea[readonly]{width:100%;font:13px/1.4 ui-monospace,monospace}
pre{background:#f5f5f5;padding:1rem;overflow:auto;white-space:pre-wrap;word-break:break-all}
.stack{display:grid;gap:.6rem;max-width:32rem}.stack label{display:grid;gap:.2rem}
.bar{display:flex;gap:1rem;align-items:center}.inline{display:inline}.error{color:#a00;font-weight:600}
nav{display:flex;gap:1rem;margin-top:1rem}.hint{color:#555}
.search{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin-block-end:1rem}.search label{display:grid;gap:.2rem}
fieldset.stack{margin-block-start:1rem}
header nav.languages{margin-block:0;margin-inline:auto 1rem;gap:.6rem}header nav.languages a[aria-current]{text-decoration:underline}`;
