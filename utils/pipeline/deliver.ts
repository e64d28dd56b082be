/**
 * The deliver step: one POST of one report, as the protocol says, and what to do next.
 * The endpoint is not trusted: its answers are bounded, parsed, and only ever shown as text.
 */
import type { Reason } from '../i18n';
import type { Report } from '../schema/report';
import { z } from '../schema/zod';

export interface Endpoint {
  base: string;
  token: string;
}

export type DeliveryOutcome =
  | { kind: 'sent'; receipt: { status: string; receivedAt?: string } }
  /** Try again later: network error, timeout, 5xx, 429. `retryAfterMs` when the endpoint said. */
  | { kind: 'retry'; reason: Reason; retryAfterMs?: number }
  /** The endpoint said no for a reason retrying will not change (4xx); the user must act. */
  | { kind: 'rejected'; reason: Reason };

const MAX_ANSWER_BYTES = 64 * 1024;
const Receipt = z.object({ status: z.string().max(50), receivedAt: z.string().max(50).optional() });
const ErrorBody = z.object({ error: z.object({ code: z.string().max(100).optional(), message: z.string().max(500) }) });

export async function deliverReport(report: Report, endpoint: Endpoint, timeoutMs = 20_000): Promise<DeliveryOutcome> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Idempotency-Key': report.id,
  };
  if (endpoint.token) headers.Authorization = `Bearer ${endpoint.token}`;
  let response: Response;
  try {
    response = await fetch(`${endpoint.base}/v1/reports`, {
      method: 'POST',
      headers,
      body: JSON.stringify(report),
      credentials: 'omit',
      // A redirect could carry the token to another origin: refuse to follow any.
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return {
      kind: 'retry',
      reason: timedOut ? { key: 'deliveryTimeout', detail: String(timeoutMs / 1000) } : { key: 'deliveryUnreachable' },
    };
  }
  const answer = await readJson(response);
  if (response.status === 200 || response.status === 201) {
    const receipt = Receipt.safeParse(answer);
    return { kind: 'sent', receipt: receipt.success ? receipt.data : { status: 'received' } };
  }
  const detail = describeError(response.status, answer);
  if (response.status === 429 || response.status === 503) {
    return { kind: 'retry', reason: detail, ...retryAfter(response.headers.get('retry-after')) };
  }
  if (response.status >= 500) return { kind: 'retry', reason: detail };
  return { kind: 'rejected', reason: detail };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    return text.length <= MAX_ANSWER_BYTES ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function describeError(status: number, answer: unknown): Reason {
  const body = ErrorBody.safeParse(answer);
  const detail = `HTTP ${status}${body.success ? `: ${body.data.error.message}` : ''}`;
  if (status === 401 || status === 403) return { key: 'deliveryTokenRefused', detail };
  if (status === 413) return { key: 'deliveryTooLarge', detail };
  if (status === 409) return { key: 'deliveryConflict', detail };
  return { key: 'deliveryHttpError', detail };
}

/** `Retry-After` as seconds or an HTTP date; ignored when unreadable or absurd. */
export function retryAfter(header: string | null, now = Date.now()): { retryAfterMs?: number } {
  if (!header) return {};
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) && ms >= 0 && ms <= 24 * 3600_000 ? { retryAfterMs: ms } : {};
}
