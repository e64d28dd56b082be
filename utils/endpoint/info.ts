/** `GET {base}/v1`: what the endpoint is and takes, asked on Test connection, by the popup and before hashing a video. */
import { rememberEndpointHashes, rememberedEndpointHashes } from './remembered-hashes';
import type { MessageKey, Reason } from '../i18n';
import { parseEndpointBase } from './base';
import { requestEndpoint, type Endpoint } from './request';
import type { MediaHash } from '../schema/report';
import { z } from '../schema/zod';

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

/** What the configured endpoint lets the popup offer; the hashes it takes are remembered on the way (remembered-hashes.ts). */
export async function endpointCapabilities(endpoint: Endpoint | Reason): Promise<{ base?: string; withdraw: boolean }> {
  if (!('base' in endpoint)) return { withdraw: false };
  const read = await readEndpointInfo(endpoint);
  if ('problem' in read) return { base: endpoint.base, withdraw: false };
  await rememberEndpointHashes(endpoint.base, read.info.hashes);
  return { base: endpoint.base, withdraw: read.info.withdraw === true };
}
