import type { ForwardOptions } from './forwarder.ts';
import { noticeLanguages, noticeText } from './notice.ts';
import type { ForwardingSettings } from '../forwarding-config.ts';
import type { Report } from '../shared.ts';
import type { AuditEntry } from '../storage/audit.ts';
import type { Forwarding } from '../storage/forwardings.ts';
import { html } from '../review/html.ts';
import { formatReviewTime, reviewStrings, statusLabel, type ReviewLanguage } from '../review/strings.ts';

const when = (iso: string, language: ReviewLanguage) => html`<time datetime="${iso}">${formatReviewTime(iso, language)}</time>`;

/**
 * An item's forwarding: the API report where an account is configured, the DSA notice (its form
 * and its text in each language, to paste or email), what was forwarded so far, and the audit log.
 */
export function forwardSection(input: {
  reportId: string; report: Report; options: ForwardOptions; notifier: ForwardingSettings['notifier'];
  forwardings: Forwarding[]; audit: AuditEntry[]; csrf: string; open: boolean; language: ReviewLanguage;
}) {
  const { reportId, options, csrf, language } = input;
  const t = reviewStrings[language];
  const action = `/review/reports/${reportId}/forward`;
  const button = (channel: string, label: string) => html`<form method="post" action="${action}" class="inline">
<input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="channel" value="${channel}"><button data-testid="forward-${channel}">${label}</button></form>`;
  return html`<section aria-labelledby="forward-heading"><h2 id="forward-heading">${t.forwardHeading}</h2>
${input.open && options.api ? html`<p>${button(options.api, t.forwardByApi[options.api])}</p>` : ''}
<h3>${t.noticeHeading}</h3>
<p>${options.formUrl ? html`<a href="${options.formUrl}" rel="noopener noreferrer" target="_blank" data-testid="notice-form">${t.openNoticeForm}</a>` : t.noNoticeForm}</p>
${noticeLanguages.map((lang) => html`<label class="stack">${t.noticeIn[lang]}
<textarea readonly rows="12" lang="${lang}" dir="ltr" data-testid="notice-${lang}">${noticeText(input.report, lang, input.notifier)}</textarea></label>`)}
${input.open ? html`<p>${button('notice', t.recordNoticeSent)}</p>` : ''}
<h3>${t.forwardings}</h3>
${input.forwardings.length ? html`<table data-testid="forwardings"><thead><tr><th>${t.when}</th><th>${t.channel}</th><th>${t.destination}</th><th>${t.platformId}</th><th>${t.by}</th></tr></thead>
<tbody>${input.forwardings.map((f) => html`<tr><td>${when(f.at, language)}</td><td data-channel="${f.channel}">${t.channels[f.channel]}</td>
<td dir="ltr">${f.destination}</td><td dir="ltr">${f.remoteId ?? ''}</td><td><bdi>${f.by.name}</bdi></td></tr>`)}</tbody></table>` : html`<p>${t.notForwarded}</p>`}
</section>
<section aria-labelledby="audit-heading"><h2 id="audit-heading">${t.auditLog}</h2>
${input.audit.length ? html`<table data-testid="audit-log"><thead><tr><th>${t.when}</th><th>${t.by}</th><th>${t.action}</th><th>${t.change}</th><th>${t.why}</th></tr></thead>
<tbody>${input.audit.map((e) => html`<tr><td>${when(e.at, language)}</td><td><bdi>${e.actor.name}</bdi> (${t.roles[e.actor.role]})</td>
<td data-action="${e.action}">${t.auditActions[e.action]}</td>
<td>${e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? `${statusLabel(e.fromStatus, language)} → ${statusLabel(e.toStatus, language)}` : ''}</td>
<td><bdi>${e.detail ?? ''}</bdi></td></tr>`)}</tbody></table>` : html`<p>${t.noAudit}</p>`}
</section>`;
}
