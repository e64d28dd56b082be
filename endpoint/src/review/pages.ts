import { movesFor } from '../core/status.ts';
import { endpointStatuses, type Report } from '../shared.ts';
import type { ReportPage, ReportState, UrlCheck } from '../storage/types.ts';
import { html, type Html } from './html.ts';
import { abridgeTmk } from './tmk-section.ts';

export const PAGE_SIZE = 50;

function layout(title: string, body: Html, csrf?: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title} · Flagpost review</title>
<link rel="stylesheet" href="/review/style.css"></head>
<body><header><a href="/review">Flagpost review</a>${csrf ? html`
<form method="post" action="/review/logout"><input type="hidden" name="csrf" value="${csrf}"><button>Log out</button></form>` : ''}</header>
<main>${body}</main></body></html>`.text;
}

export function loginPage(error?: string): string {
  return layout('Log in', html`<h1>Reviewer log in</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/review/login" class="stack">
<label>Reviewer token <input name="token" type="password" autocomplete="off" required maxlength="200"></label>
<button>Log in</button></form>
<p class="hint">Create one with <code>npm run cli -- token create --name you --reviewer</code>.</p>`);
}

const statusFilter = (current?: string) => html`<form method="get" action="/review" class="inline">
<label>Status <select name="status"><option value="">all</option>${endpointStatuses.map(
  (s) => html`<option value="${s}" ${s === current ? html`selected` : ''}>${s}</option>`)}</select></label>
<button>Show</button></form>`;

export function listPage(input: ReportPage & { status?: string; csrf: string }): string {
  const { items, total, status, newer, older } = input;
  const link = (page: { after: string } | { before: string }) => `/review?${new URLSearchParams({ ...(status ? { status } : {}), ...page })}`;
  const exportLink = `/review/export?${new URLSearchParams({ format: 'csv', ...(status ? { status } : {}) })}`;
  const tmkLink = `/review/export/tmk${status ? `?${new URLSearchParams({ status })}` : ''}`;
  return layout('Reports', html`<h1>Reports</h1>
<div class="bar">${statusFilter(status)}<a href="${exportLink}">Export CSV</a><a href="${tmkLink}">Export TMK (.tar)</a></div>
<p>${total} report${total === 1 ? '' : 's'}; threat to life first, then newest.</p>
<table><thead><tr><th>Received</th><th>Status</th><th>Platform</th><th>Post</th><th>Categories</th><th>Threat to life</th></tr></thead>
<tbody>${items.map((r) => html`<tr class="${r.threatToLife ? 'urgent' : ''}">
<td><a href="/review/reports/${r.id}">${r.receivedAt.replace('T', ' ').slice(0, 16)}</a></td><td>${r.status}</td><td>${r.platform}</td>
<td class="url">${r.url}</td><td>${r.categories.join(', ')}</td><td>${r.threatToLife ? 'YES' : ''}</td></tr>`)}</tbody></table>
<nav>${newer ? html`<a href="${link({ before: newer })}" rel="prev">← newer</a>` : ''}
${older ? html`<a href="${link({ after: older })}" rel="next">older →</a>` : ''}</nav>`, input.csrf);
}

export function detailPage(input: { state: ReportState; report: Report; removal?: UrlCheck; csrf: string; error?: string; tmk?: Html | '' }): string {
  const { state, report, removal } = input;
  const { target, classification, reporter } = report;
  const choices = [state.status, ...movesFor('reviewer', state.status)];
  const row = (label: string, value: Html | string | undefined) => (value ? html`<tr><th>${label}</th><td>${value}</td></tr>` : '');
  return layout(`Report ${state.id}`, html`<h1>Report <code>${state.id}</code></h1>
${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ''}
<table class="facts">
${row('Status', state.status)}${row('Note to the reporter', state.note ?? undefined)}${row('Outcome', state.outcome ?? undefined)}
${row('Received', state.receivedAt)}${row('Updated', state.updatedAt)}
${row('Post', html`<a href="${target.url}" rel="noopener noreferrer nofollow" target="_blank">${target.url}</a>`)}
${row('Platform', target.platform)}${row('Author', target.author?.handle)}${row('Posted', target.postedAt)}
${row('Categories', classification.tco.join(', '))}${row('Threat to life', classification.threatToLife ? 'YES' : 'no')}
${row('Explanation', classification.explanation)}${row('Entity', classification.entity)}${row('Text', target.text)}
${row('Reporter', reporter.mode === 'named' ? `${reporter.name} <${reporter.email}>` : reporter.mode)}
${row('Removal', removal ? `${removal.state}${removal.removedAt ? ` since ${removal.removedAt}` : ''}` : undefined)}
</table>
<h2>Change status</h2>
<form method="post" action="/review/reports/${state.id}/status" class="stack">
<input type="hidden" name="csrf" value="${input.csrf}">
<label>Status <select name="status">${choices.map((s) => html`<option value="${s}">${s}</option>`)}</select></label>
<label>Note to the reporter (optional) <textarea name="note" maxlength="2000" rows="3"></textarea></label>
<label>Outcome (optional) <input name="outcome" maxlength="500"></label>
<button>Save</button></form>
${input.tmk ?? ''}
<h2>Report as received</h2><pre>${JSON.stringify(report, abridgeTmk, 2)}</pre>`, input.csrf);
}

export const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b}
header{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1rem;background:#20252b}
header a,header button{color:#fff;font-weight:600;text-decoration:none;background:none;border:0;cursor:pointer}
main{padding:1rem;max-width:80rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
tr.urgent td{background:#fde8e8}td.url{word-break:break-all}.facts th{width:12rem}
pre{background:#f5f5f5;padding:1rem;overflow:auto;white-space:pre-wrap;word-break:break-all}
.stack{display:grid;gap:.6rem;max-width:32rem}.stack label{display:grid;gap:.2rem}
.bar{display:flex;gap:1rem;align-items:center}.inline{display:inline}.error{color:#a00;font-weight:600}
nav{display:flex;gap:1rem;margin-top:1rem}.hint{color:#555}`;
