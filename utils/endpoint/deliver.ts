/**
 * The deliver step: one POST of one report, as the protocol says, and what to do next.
 * The endpoint is not trusted: its answers are bounded, parsed, and only ever shown as text.
 */
import { readEndpointInfo, type EndpointInfo } from './info';
import type { Reason } from '../i18n';
import { requestEndpoint, type Endpoint } from './request';
import { timed } from '../timing';
import { EndpointStatus, REPORT_SCHEMA_ID_1_1, REPORT_SCHEMA_ID_1_2, schemaIdFor, type Report } from '../schema/report';
import { downgradeToVersion1, withoutHashes, withoutVersion12 } from '../schema/versions';
import { z } from '../schema/zod';

export type DeliveryOutcome =
  | { kind: 'sent'; status: EndpointStatus }
  /** Try again later: network error, timeout, 5xx, 429. `retryAfterMs` when the endpoint said. */
  | { kind: 'retry'; reason: Reason; retryAfterMs?: number }
  /** The endpoint said no for a reason retrying will not change (4xx); the user must act. */
  | { kind: 'rejected'; reason: Reason };

const Receipt = z.object({ status: EndpointStatus });
const ErrorBody = z.object({ error: z.object({ code: z.string().max(100).optional(), message: z.string().max(500) }) });

export async function deliverReport(report: Report, endpoint: Endpoint, timeoutMs = 20_000): Promise<DeliveryOutcome> {
  // GET /v1, asked at most once a delivery, and only by a step that needs it.
  let read: ReturnType<typeof readEndpointInfo> | undefined;
  const info: InfoOnce = () => (read ??= readEndpointInfo(endpoint)).then((answer) => ('info' in answer ? answer.info : undefined));
  const forVersion = await forEndpointVersion(report, info);
  if ('kind' in forVersion) return forVersion;
  return postReport(await forEndpointHashes(forVersion.report, info), endpoint, timeoutMs, info);
}

/** The endpoint's GET /v1, or undefined when it does not say (an older endpoint, or no answer). */
type InfoOnce = () => Promise<EndpointInfo | undefined>;

/** An account report, which only an endpoint of 1.2 can take: kept (rejected, to send again later) with the reason. */
const NEEDS_VERSION_12: DeliveryOutcome = {
  kind: 'rejected',
  reason: { key: 'deliveryNeedsVersion12', detail: `the endpoint does not list ${REPORT_SCHEMA_ID_1_2} in GET /v1 accepts` },
};

/**
 * A 1.2 report goes only to an endpoint that lists 1.2 in `GET /v1` `accepts`. To one that does not, a post goes
 * without its outbound links (withoutVersion12) and an account report does not go at all: the user is told and the
 * report stays. Unanswered, the report goes as it is: an older endpoint refuses it by its schema (see postReport).
 */
async function forEndpointVersion(report: Report, info: InfoOnce): Promise<{ report: Report } | DeliveryOutcome> {
  if (report.schema !== REPORT_SCHEMA_ID_1_2) return { report };
  const accepts = (await info())?.accepts;
  if (!accepts || accepts.includes(REPORT_SCHEMA_ID_1_2)) return { report };
  const older = withoutVersion12(report);
  return older ? { report: older } : NEEDS_VERSION_12;
}

/**
 * A report with a TMK was hashed for an endpoint that listed "tmk" in `GET /v1` `hashes`; the endpoint may have
 * changed since (Settings, or its own upgrade). Asked again before sending: one that no longer lists it does not
 * get 352 KB it cannot use. Unanswered, the report goes as it is (an endpoint of report 1 refuses it; see below).
 */
async function forEndpointHashes(report: Report, info: InfoOnce): Promise<Report> {
  if (!report.media.some((medium) => medium.hashes.some((hash) => hash.algorithm === 'tmk'))) return report;
  const read = await info();
  if (!read || read.hashes?.includes('tmk')) return report;
  const stripped = withoutHashes(report, ['tmk'], 'the endpoint does not list "tmk" in GET /v1 hashes');
  return { ...stripped, schema: schemaIdFor(stripped.media, stripped.target) };
}

async function postReport(report: Report, endpoint: Endpoint, timeoutMs: number, info: InfoOnce): Promise<DeliveryOutcome> {
  const answer = await timed('deliver', () => requestEndpoint(
    endpoint,
    '/v1/reports',
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': report.id },
      body: JSON.stringify(report),
    },
    timeoutMs,
  ));
  if ('failure' in answer) {
    // A redirect is the endpoint's address being wrong: the user must correct it, waiting will not.
    return answer.failure.key === 'deliveryRedirected' ? { kind: 'rejected', reason: answer.failure } : { kind: 'retry', reason: answer.failure };
  }
  const { response, json } = answer;
  if (response.ok) {
    // A 2xx that is not a receipt (a captive portal's HTML, a web server at the wrong address) does not
    // prove the report was stored: it stays queued, and its Idempotency-Key makes the retry safe.
    const receipt = Receipt.safeParse(json);
    if (!receipt.success) return { kind: 'retry', reason: { key: 'deliveryNotReceipt', detail: `HTTP ${response.status}` } };
    return { kind: 'sent', status: receipt.data.status };
  }
  const detail = describeError(response.status, json);
  if (response.status === 429 || response.status === 503) {
    return { kind: 'retry', reason: detail, ...retryAfter(response.headers.get('retry-after')) };
  }
  if (response.status >= 500) return { kind: 'retry', reason: detail };
  // An endpoint older than the report's version refuses it by its `schema` (400/422): it gets what it can store. One
  // whose GET /v1 lists the report's version refused it for a reason of its own: the user must see that reason, and
  // a downgrade would hide it (and drop the links, TMK or storyboards it cost).
  const newer = report.schema === REPORT_SCHEMA_ID_1_2 || report.schema === REPORT_SCHEMA_ID_1_1;
  if ((response.status === 400 || response.status === 422) && newer) {
    if (!(await info())?.accepts.includes(report.schema)) {
      if (report.schema === REPORT_SCHEMA_ID_1_1) return postReport(downgradeToVersion1(report), endpoint, timeoutMs, info);
      const older = withoutVersion12(report);
      return older ? postReport(older, endpoint, timeoutMs, info) : NEEDS_VERSION_12;
    }
  }
  return { kind: 'rejected', reason: detail };
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
