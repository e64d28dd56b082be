/**
 * The reporter takes a report back: `POST {base}/v1/reports/{id}/withdraw`, only at the endpoint
 * that received it and only when that endpoint says it supports it (`withdraw: true` in `GET /v1`,
 * utils/endpoint/info.ts endpointCapabilities). The request itself: utils/endpoint/status.ts.
 */
import { askWithdraw } from '../endpoint/status';
import type { Reason } from '../i18n';
import { finalEndpointStatuses, type EndpointStatus } from '../schema/report';
import { getReport, updateReport, type StoredReport } from '../store/reports';
import type { Endpoint } from '../endpoint/request';

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
  const asked = await askWithdraw(endpoint, id);
  if ('reason' in asked) return asked;
  const status = asked.answer.status;
  await updateReport(id, (current) =>
    current.tracking && {
      ...current,
      tracking: {
        ...current.tracking,
        ...asked.answer,
        checkedAt: now(),
        // A final status is never asked about again.
        nextCheckAt: finalEndpointStatuses.includes(status) ? Number.POSITIVE_INFINITY : current.tracking.nextCheckAt,
      },
    },
  );
  return { status };
}
