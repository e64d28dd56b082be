/**
 * This machine's host names: where plain http is acceptable (the extension's endpoint address) or a request
 * came straight from a local browser (the endpoint's cookies, through endpoint/src/shared.ts).
 */
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** A URL's `hostname` (no port), any case. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}
