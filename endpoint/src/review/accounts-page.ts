import { randomBytes } from 'node:crypto';
import type { TokenRecord } from '../storage/types.ts';
import { html } from './html.ts';
import { layout } from './pages.ts';
import { formatReviewTime, type ReviewLanguage } from './strings.ts';
import { workspaceStrings } from './workspace-strings.ts';

/** Roles an admin can give from the page (reporter tokens are made with the CLI or the setup). */
export const accountRoles = ['reviewer', 'admin'] as const;

/**
 * Admins only: the reviewer and admin tokens, a form to make one (its secret shown once), and revoke buttons.
 * The answer showing a secret cannot be a redirect (the secret would have to be kept to show it after), so
 * reloading it posts the form again. Each form drawn here carries a fresh random nonce, stored with the token
 * it makes under a unique index (storage/schema.ts): a second post of the same form stores nothing, in
 * whichever endpoint process it lands.
 */
export function accountsPage(input: {
  accounts: TokenRecord[]; self: string; csrf: string; language: ReviewLanguage; created?: { name: string; secret: string }; error?: string;
  /** The id the last revoke revoked (its redirect's `?revoked=`). */
  revoked?: string;
}): string {
  const { language, csrf } = input;
  const w = workspaceStrings[language];
  const revoked = input.accounts.find((a) => a.id === input.revoked && a.revokedAt);
  const time = (iso: string | null) => (iso ? html`<time datetime="${iso}">${formatReviewTime(iso, language)}</time>` : '');
  return layout(w.accountsTitle, html`<h1>${w.accountsTitle}</h1>
${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ''}
${revoked ? html`<p role="status" data-testid="revoked">${w.accountRevoked(revoked.name)}</p>` : ''}
${input.created ? html`<div role="status" data-testid="new-secret"><p>${w.newSecret(input.created.name)}</p><p><code dir="ltr">${input.created.secret}</code></p></div>` : ''}
<table data-testid="accounts"><thead><tr><th>${w.name}</th><th>${w.role}</th><th>${w.created}</th><th>${w.revoked}</th><th>${w.revoke}</th></tr></thead>
<tbody>${input.accounts.map((a) => html`<tr data-token-id="${a.id}" data-role="${a.role}"><td><bdi>${a.name}</bdi> <code dir="ltr">${a.id}</code></td>
<td>${w.accountRoles[a.role] ?? a.role}</td><td>${time(a.createdAt)}</td><td>${a.revokedAt ? time(a.revokedAt) : w.active}</td>
<td>${!a.revokedAt && a.id !== input.self ? html`<form method="post" action="/review/accounts/${a.id}/revoke" class="inline">
<input type="hidden" name="csrf" value="${csrf}"><button data-testid="revoke-${a.id}" aria-label="${w.revokeAccount(a.name, a.id)}">${w.revoke}</button></form>` : ''}</td></tr>`)}</tbody></table>
<h2>${w.createAccount}</h2>
<form method="post" action="/review/accounts" class="stack" data-testid="create-account">
<input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="nonce" value="${randomBytes(18).toString('base64url')}">
<label>${w.name} <input name="name" required maxlength="100" autocomplete="off"></label>
<label>${w.role} <select name="role">${accountRoles.map((r) => html`<option value="${r}">${w.accountRoles[r]}</option>`)}</select></label>
<button>${w.create}</button></form>`, language, csrf, '/review/accounts');
}
