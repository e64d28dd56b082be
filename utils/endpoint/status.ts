/**
 * What became of a delivered report, asked of the endpoint that received it: `GET /v1/reports/{id}` (the
 * tracker) and `POST /v1/reports/{id}/withdraw` (the reporter takes it back). The answers only; what is
 * stored from them is the tracker's and the withdraw step's business (utils/pipeline/track.ts, withdraw.ts).
 */
import type { Reason } from '../i18n';
import { EndpointStatus } from '../schema/report';
import { z } from '../schema/zod';
import { requestEndpoint, type Endpoint } from './request';

/** `GET /v1/reports/{id}` and the withdraw answer alike. */
export const StatusAnswer = z.object({
  status: EndpointStatus,
  updatedAt: z.string().max(50).optional(),
  outcome: z.string().max(500).optional(),
  note: z.string().max(2000).optional(),
});
export type StatusAnswer = z.infer<typeof StatusAnswer>;

/** The report's status; 'unsupported' when the endpoint has no status tracking (404/405); undefined when there is no usable answer now. */
export async function askStatus(endpoint: Endpoint, id: string): Promise<StatusAnswer | 'unsupported' | undefined> {
  const answer = await requestEndpoint(endpoint, `/v1/reports/${encodeURIComponent(id)}`);
  if ('failure' in answer) return undefined;
  if (answer.response.status === 404 || answer.response.status === 405) return 'unsupported';
  return answer.response.ok ? StatusAnswer.safeParse(answer.json).data : undefined;
}

/** Asks the endpoint to withdraw the report: its new status, or why not in the words the popup shows. */
export async function askWithdraw(endpoint: Endpoint, id: string): Promise<{ answer: StatusAnswer } | { reason: Reason }> {
  const answer = await requestEndpoint(endpoint, `/v1/reports/${encodeURIComponent(id)}/withdraw`, { method: 'POST' });
  if ('failure' in answer) return { reason: { key: 'withdrawUnreachable' } };
  const { response } = answer;
  if (response.status === 404 || response.status === 405) return { reason: { key: 'withdrawUnsupported' } };
  if (response.status === 409) return { reason: { key: 'withdrawTooLate' } };
  if (response.status === 401 || response.status === 403) return { reason: { key: 'deliveryTokenRefused', detail: String(response.status) } };
  const parsed = response.ok ? StatusAnswer.safeParse(answer.json) : undefined;
  return parsed?.success ? { answer: parsed.data } : { reason: { key: 'withdrawFailed', detail: String(response.status) } };
}
