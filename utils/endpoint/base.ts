/** The endpoint's address and token as the user types them in Settings: checked, normalised, and the host permission it needs. */
import type { MessageKey } from '../i18n';
import { isLoopbackHost } from '../net/loopback';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: MessageKey };


/** An endpoint base URL: https, or http on this machine only; no query or fragment; no trailing slash. */
export function parseEndpointBase(input: string): Checked<string> {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, error: 'errorUrlEmpty' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, error: 'errorUrlInvalid' };
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!secure) return { ok: false, error: 'errorUrlNotHttps' };
  if (url.search || url.hash || trimmed.includes('?') || trimmed.includes('#')) {
    return { ok: false, error: 'errorUrlHasQuery' };
  }
  if (url.username || url.password) return { ok: false, error: 'errorUrlInvalid' };
  return { ok: true, value: url.href.replace(/\/+$/, '') };
}

/** A base URL typed with the protocol's own `/v1` at its end: Flagpost adds that itself, so every request would miss. */
export function endsWithVersion(base: string): boolean {
  return /\/v1$/i.test(new URL(base).pathname.replace(/\/+$/, ''));
}

/** Whether a token, trimmed as it is saved, can be sent: a space or control character inside a header breaks every request. */
export function isValidToken(token: string): boolean {
  return !/[^\x21-\x7e]/.test(token.trim());
}

/** The origin pattern to ask host permission for, so the endpoint needs no CORS. */
export function endpointOriginPattern(base: string): string {
  const url = new URL(base);
  return `${url.protocol}//${url.hostname}/*`;
}
