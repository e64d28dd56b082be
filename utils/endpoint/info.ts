import { rememberEndpointHashes, rememberedEndpointHashes } from './remembered-hashes';
import type { MessageKey, Reason } from '../i18n';
import { requestEndpoint, type Endpoint } from './request';
import type { MediaHash } from '../schema/report';
import { z } from '../schema/zod';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: MessageKey };

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

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

/** The origin pattern to ask host permission for, so the endpoint needs no CORS. */
export function endpointOriginPattern(base: string): string {
  const url = new URL(base);
  return `${url.protocol}//${url.hostname}/*`;
}

export const EndpointInfo = z.object({
  name: z.string().max(200),
  accepts: z.array(z.string().max(100)).max(20),
  statusTracking: z.boolean().optional(),
  hashList: z.boolean().optional(),
  withdraw: z.boolean().optional(),
  /** The hash algorithms it takes (report 1.1); an endpoint that omits it takes those of report 1. */
  hashes: z.array(z.string().max(50)).max(20).optional(),
});
export type EndpointInfo = z.infer<typeof EndpointInfo>;

export type ConnectionResult = { ok: boolean; message: MessageKey; detail?: string };

/** `GET {base}/v1` read and checked, or what went wrong in the words Test connection shows. */
export async function readEndpointInfo(endpoint: Endpoint, timeoutMs = 10_000): Promise<{ info: EndpointInfo } | { problem: ConnectionResult }> {
  const answer = await requestEndpoint(endpoint, '/v1', {}, timeoutMs);
  if ('failure' in answer) {
    const detail =
      answer.failure.key === 'deliveryTimeout'
        ? `no answer within ${timeoutMs / 1000} s`
        : answer.failure.key === 'deliveryRedirected'
          ? 'it redirects to another address, which Flagpost does not follow'
          : 'network error or refused connection';
    return { problem: { ok: false, message: 'connectionUnreachable', detail } };
  }
  if (!answer.response.ok) return { problem: { ok: false, message: 'connectionHttpError', detail: String(answer.response.status) } };
  const info = EndpointInfo.safeParse(answer.json);
  if (!info.success) return { problem: { ok: false, message: 'connectionNotFlagpost' } };
  return { info: info.data };
}

/** The options page's "Test connection": GET {base}/v1, explained in plain words when it fails. */
export async function testConnection(input: string, timeoutMs = 10_000): Promise<ConnectionResult> {
  const base = parseEndpointBase(input);
  if (!base.ok) return { ok: false, message: base.error };
  const read = await readEndpointInfo({ base: base.value, token: '' }, timeoutMs);
  if ('problem' in read) return read.problem;
  if (!read.info.accepts.includes('flagpost.report/1')) return { ok: false, message: 'connectionNoV1' };
  await rememberEndpointHashes(base.value, read.info.hashes);
  return { ok: true, message: 'connectionOk', detail: read.info.name };
}

/**
 * Whether the endpoint lists this algorithm in `GET /v1` `hashes`, asked now (so hashing follows the endpoint
 * as it is today) and remembered; when it cannot be asked, what it said last time; no endpoint: no.
 */
export async function endpointTakes(endpoint: Endpoint | Reason, algorithm: MediaHash['algorithm'], timeoutMs = 5_000): Promise<boolean> {
  if (!('base' in endpoint)) return false;
  const read = await readEndpointInfo(endpoint, timeoutMs);
  if ('info' in read) await rememberEndpointHashes(endpoint.base, read.info.hashes);
  const hashes = 'info' in read ? read.info.hashes : await rememberedEndpointHashes(endpoint.base);
  return hashes?.includes(algorithm) ?? false;
}
