/**
 * The reporter takes a report back: `POST {base}/v1/reports/{id}/withdraw`, only at the endpoint
 * that received it and only when that endpoint says it supports it (`withdraw: true` in `GET /v1`).
 */
import { readEndpointInfo } from '../endpoint/info';
import { rememberEndpointHashes } from '../endpoint/remembered-hashes';
import type { Reason } from '../i18n';
import { finalEndpointStatuses, type EndpointStatus } from '../schema/report';
import { getReport, updateReport, type StoredReport } from '../store/reports';
import { requestEndpoint, type Endpoint } from '../endpoint/request';
import { StatusAnswer } from './track';

/** What the configured endpoint lets the popup offer; the hashes it takes are remembered on the way (utils/endpoint/remembered-hashes.ts). */
export async function endpointCapabilities(endpoint: Endpoint | Reason): Promise<{ base?: string; withdraw: boolean }> {
  if (!('base' in endpoint)) return { withdraw: false };
  const read = await readEndpointInfo(endpoint);
  if ('problem' in read) return { base: endpoint.base, withdraw: false };
  await rememberEndpointHashes(endpoint.base, read.info.hashes);
  return { base: endpoint.base, withdraw: read.info.withdraw === true };
}

/** A sent report still open at the endpoint that is configured now (the token is only ever sent there). */
export function canWithdraw(record: StoredReport, base: string | undefined): boolean {
  return record.status === 'sent' && !!record.tracking && record.tracking.endpointBase === base &&
    !finalEndpointStatuses.includes(record.tracking.status);
}

export type WithdrawOutcome = { status: EndpointStatus } | { reason: Reason };

export async function withdrawReport(id: string, endpoint: Endpoint | Reason, now = Date.now): Promise<WithdrawOutcome> {
  if (!('base' in endpoint)) return { reason: endpoint };
  const record = await getReport(id);
  if (!record) return { reason: { key: 'withdrawNoReport' } };
  if (!canWithdraw(record, endpoint.base)) return { reason: { key: 'withdrawNotPossible' } };
  const answer = await requestEndpoint(endpoint, `/v1/reports/${encodeURIComponent(id)}/withdraw`, { method: 'POST' });
  if ('failure' in answer) return { reason: { key: 'withdrawUnreachable' } };
  const { response } = answer;
  if (response.status === 404 || response.status === 405) return { reason: { key: 'withdrawUnsupported' } };
  if (response.status === 409) return { reason: { key: 'withdrawTooLate' } };
  if (response.status === 401 || response.status === 403) return { reason: { key: 'deliveryTokenRefused', detail: String(response.status) } };
  const parsed = response.ok ? StatusAnswer.safeParse(answer.json) : undefined;
  if (!parsed?.success) return { reason: { key: 'withdrawFailed', detail: String(response.status) } };
  const status = parsed.data.status;
  await updateReport(id, (current) =>
    current.tracking && {
      ...current,
      tracking: {
        ...current.tracking,
        ...parsed.data,
        checkedAt: now(),
        // A final status is never asked about again.
        nextCheckAt: finalEndpointStatuses.includes(status) ? Number.POSITIVE_INFINITY : current.tracking.nextCheckAt,
      },
    },
  );
  return { status };
}
