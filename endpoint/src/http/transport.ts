import type { FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../shared.ts';

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-real-ip'];

/**
 * Whether this request came straight from a browser on this machine over plain http: the one case
 * where a cookie must not be `Secure` (the browser would drop it on http). Anything else gets
 * `Secure`, including a request that a TLS proxy forwarded while FLAGPOST_TRUST_PROXY is off
 * (then `request.protocol` says http although the browser spoke https). A proxy gives itself away
 * by a Host that is not loopback, or by the headers proxies add.
 */
export function plainLoopback(request: FastifyRequest): boolean {
  if (request.protocol === 'https') return false;
  // The Host header: a host name and an optional port.
  if (!isLoopbackHost((request.headers.host ?? '').replace(/:\d+$/, ''))) return false;
  return !FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined);
}

/** "METHOD /path" as a message may show it: no query string (it may hold a secret), the path cut at `max` characters. */
export function shownRequest(request: FastifyRequest, max: number): string {
  return `${request.method} ${request.url.split('?')[0]!.slice(0, max)}`;
}
