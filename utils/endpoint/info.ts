/** `GET {base}/v1`: what the endpoint is and takes, asked on Test connection, by the popup and before hashing a video. */
import { rememberEndpointHashes, rememberedEndpointHashes } from './remembered-hashes';
import { reasonText, type MessageKey, type Reason } from '../i18n';
import { endsWithVersion, isValidToken, parseEndpointBase } from './base';
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

export type ConnectionResult = {
  ok: boolean;
  message: MessageKey;
  detail?: string;
  /** The second substitution: the token's name, or the status a refusal came with. */
  more?: string;
};

/** `GET {base}/v1` read and checked, or what went wrong in the words Test connection shows. */
export async function readEndpointInfo(endpoint: Endpoint, timeoutMs = 10_000): Promise<{ info: EndpointInfo } | { problem: ConnectionResult }> {
  const answer = await requestEndpoint(endpoint, '/v1', {}, timeoutMs);
  if ('failure' in answer) return { problem: { ok: false, message: 'connectionUnreachable', detail: reasonText(answer.failure) } };
  if (answer.response.status === 404) {
    return { problem: { ok: false, message: endsWithVersion(endpoint.base) ? 'connectionBasePathV1' : 'connectionNotFound' } };
  }
  if (!answer.response.ok) return { problem: { ok: false, message: 'connectionHttpError', detail: String(answer.response.status) } };
  const info = EndpointInfo.safeParse(answer.json);
  if (!info.success) return { problem: { ok: false, message: 'connectionNotFlagpost' } };
  return { info: info.data };
}

/** `GET /v1/me`: whose token this is (the reference endpoint; others may not have it). */
const TokenOwner = z.object({ name: z.string().max(200), scope: z.string().max(50).optional() });

/**
 * Whether the endpoint accepts the token, asked with an authenticated request: `GET /v1/me`, or, on an endpoint
 * without it, `GET /v1/hashes?limit=1`. Only a 2xx is "accepted"; a 401/403 is a refusal; an endpoint with neither
 * route cannot be asked ('unknown'), which is never reported as a refusal nor as acceptance.
 */
export async function probeToken(endpoint: Endpoint, timeoutMs = 10_000): Promise<
  { accepted: true; name?: string } | { accepted: false; status: number } | { accepted: 'unknown' } | { failure: Reason }
> {
  for (const path of ['/v1/me', '/v1/hashes?limit=1']) {
    const answer = await requestEndpoint(endpoint, path, {}, timeoutMs);
    if ('failure' in answer) return { failure: answer.failure };
    const { status, ok } = answer.response;
    if (status === 404 || status === 405) continue;
    if (ok) return { accepted: true, name: path === '/v1/me' ? TokenOwner.safeParse(answer.json).data?.name : undefined };
    return { accepted: false, status };
  }
  return { accepted: 'unknown' };
}

/**
 * The options page's "Test connection": `GET {base}/v1`, then the token proved by `probeToken`, explained in
 * plain words when anything fails. "Connected" is never said of a token the endpoint refuses.
 */
export async function testConnection(input: string, token = '', timeoutMs = 10_000): Promise<ConnectionResult> {
  const base = parseEndpointBase(input);
  if (!base.ok) return { ok: false, message: base.error };
  // fetch throws on such a header, which would read as an endpoint that cannot be reached.
  if (!isValidToken(token)) return { ok: false, message: 'errorTokenInvalid' };
  const read = await readEndpointInfo({ base: base.value, token: '' }, timeoutMs);
  if ('problem' in read) return read.problem;
  if (!read.info.accepts.includes('flagpost.report/1')) return { ok: false, message: 'connectionNoV1' };
  await rememberEndpointHashes(base.value, read.info.hashes);
  const name = read.info.name;
  const probe = await probeToken({ base: base.value, token: token.trim() }, timeoutMs);
  if ('failure' in probe) return { ok: false, message: 'connectionTokenUnchecked', detail: name, more: reasonText(probe.failure) };
  if (probe.accepted === 'unknown') return { ok: true, message: 'connectionOkTokenUnknown', detail: name };
  if (probe.accepted === false) {
    if (probe.status === 401 || probe.status === 403) {
      return { ok: false, message: token.trim() ? 'connectionTokenRefused' : 'connectionTokenMissing', detail: name, more: String(probe.status) };
    }
    return { ok: false, message: 'connectionTokenUnchecked', detail: name, more: `HTTP ${probe.status}` };
  }
  return probe.name === undefined
    ? { ok: true, message: 'connectionOkToken', detail: name }
    : { ok: true, message: 'connectionOkAs', detail: name, more: probe.name };
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
