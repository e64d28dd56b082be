import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changeStatus, MAX_NOTE, MoveRefused } from '../core/status.ts';
import { ApiError } from '../errors.ts';
import { ExportQuery } from '../export/query.ts';
import { reportExportLines } from '../export/report-stream.ts';
import { exportContentType } from '../export/stream.ts';
import { BULK_RESULT, bulkResultPage, SEEN, bulkResultQuery, parseBulkResult, type BulkResult } from '../review/bulk-page.ts';
import { groupPage } from '../review/group-page.ts';
import type { ItemHistory } from '../review/item-sections.ts';
import { PAGE_SIZE } from '../review/pages.ts';
import { isSearchField, queuePage, submittedSearch, type QueueForm } from '../review/queue-page.ts';
import { reviewLanguages, type ReviewLanguage } from '../review/strings.ts';
import { workspaceStrings } from '../review/workspace-strings.ts';
import { EndpointStatus, Platform, type Report, TcoCategory, z } from '../shared.ts';
import { groupKinds, queueSorts, type GroupKind } from '../storage/review-queries.ts';
import { parseReviewCursor } from '../storage/sql-storage.ts';
import type { ReportSummary, TokenRecord } from '../storage/types.ts';
import { groupingPass, sendDownload } from './export.ts';
import { parseInput, storableText } from './params.ts';

/** What the review plugin lends the workspace: its login checks, its HTML reply and the request's language. */
export interface WorkspaceAccess {
  page(request: FastifyRequest, reply: FastifyReply): Promise<{ token: TokenRecord; csrf?: string } | undefined>;
  action(request: FastifyRequest, csrf: string | undefined): Promise<{ token: TokenRecord; csrf?: string }>;
  htmlReply(reply: FastifyReply, body: string, code?: number): FastifyReply;
  languageOf(request: FastifyRequest): ReviewLanguage;
}

const blank = z.literal('');
const cursor = z.string().max(120).refine((value) => parseReviewCursor(value) !== undefined, 'expected a cursor from a page link').optional();
const day = z.union([z.iso.date(), blank]).optional();
export const QueueQuery = z.strictObject({
  q: storableText.trim().max(200).optional(),
  hash: z.union([z.string().trim().toLowerCase().regex(/^(?:[0-9a-f]{32}|[0-9a-f]{64})$/, 'expected 32 (MD5) or 64 (PDQ, SHA-256) hex digits'), blank]).optional(),
  status: z.union([EndpointStatus, blank]).optional(),
  // Platform ids are lower case; a reviewer typing `X ` means `x`.
  platform: z.string().trim().toLowerCase().pipe(z.union([Platform, blank])).optional(),
  category: z.union([TcoCategory, blank]).optional(),
  ttl: z.enum(['', 'yes', 'no']).optional(),
  since: day,
  until: day,
  sort: z.enum(queueSorts).default('urgent'),
  after: cursor,
  before: cursor,
  lang: z.enum(reviewLanguages).optional(),
});

/** The queue the form was on (its filters), for the way back: only ever a /review page. */
const back = z.string().max(2000).regex(/^\/review(?:\?[^]*)?$/).optional();
const BulkForm = z.strictObject({
  csrf: z.string().max(100).optional(),
  // One checkbox gives a string, several an array.
  id: z.union([z.uuid(), z.array(z.uuid()).max(PAGE_SIZE)]).optional(),
  status: EndpointStatus,
  note: storableText.max(MAX_NOTE).optional(),
  /** Each listed report's status as the queue showed it (id.status): a report changed since is not moved. */
  seen: z.union([z.string().regex(SEEN), z.array(z.string().regex(SEEN)).max(PAGE_SIZE)]).optional(),
  back,
});
/** Where a bulk move redirects to: its results (bulkResultQuery). */
const result = z.string().regex(BULK_RESULT, 'expected a bulk move\'s result');
const BulkResultQuery = z.strictObject({
  to: EndpointStatus,
  r: z.union([result, z.array(result).max(PAGE_SIZE)]),
  back,
  lang: z.enum(reviewLanguages).optional(),
});

const GroupParams = z.strictObject({ kind: z.enum(groupKinds) });
const GroupQuery = z.strictObject({ key: z.string().min(1).max(2100), lang: z.enum(reviewLanguages).optional() });
const GROUP_PAGE = 200;
/** Other reports and removal checks an item page shows at most. */
const ITEM_OTHERS = 50;
const ITEM_CHECKS = 20;

const midnight = (date: string | undefined) => (date ? `${date}T00:00:00.000Z` : undefined);

/** An item's other reports (same URL, media group, video group by TMK or by vPDQ) and its removal-check history. */
export async function itemHistoryFor(app: FastifyInstance, id: string, report: Report, tmkGroupIds: readonly string[]): Promise<ItemHistory> {
  const review = app.storage.review;
  const media = await review.mediaOf(id);
  const hasVpdq = report.media.some((m) => m.hashes.some((h) => h.algorithm === 'vpdq'));
  const keys: [GroupKind, string][] = [
    ['url', report.target.url],
    ...[...new Set(media.flatMap((m) => (m.groupId ? [m.groupId] : [])))].map((g): [GroupKind, string] => ['media', g]),
    ...[...new Set(tmkGroupIds)].map((g): [GroupKind, string] => ['tmk', g]),
    // A vPDQ group is named by the report it is seen from (its matches are read, not stored).
    ...(hasVpdq ? [['vpdq', id] as [GroupKind, string]] : []),
  ];
  const others = new Map<string, ReportSummary>();
  for (const [kind, key] of keys) {
    for (const item of (await review.group(kind, key, ITEM_OTHERS)).items) if (item.id !== id && others.size < ITEM_OTHERS) others.set(item.id, item);
  }
  return { media, others: [...others.values()], checks: await review.checkHistory(report.target.url, ITEM_CHECKS), vpdqGroup: hasVpdq ? id : undefined };
}

/** The queue (search, filters, order, groups), a group's reports, bulk moves, and the long export, under /review. */
export const workspaceRoutes = (access: WorkspaceAccess) => async (app: FastifyInstance) => {
  app.get('/', async (request, reply) => {
    const who = await access.page(request, reply);
    if (!who) return reply;
    const language = access.languageOf(request);
    const parsed = QueueQuery.safeParse(request.query);
    const field = parsed.success ? undefined : parsed.error.issues.map((issue) => issue.path[0]).find(isSearchField);
    if (field) {
      // A mistyped search: the same form with what was typed and which field is wrong, not a JSON error.
      const page = queuePage({ items: [], total: 0, form: submittedSearch(request.query), csrf: who.csrf ?? '', admin: who.token.role === 'admin', language, here: request.url, badField: field });
      return access.htmlReply(reply, page, 400);
    }
    const { lang: _lang, after, before, ...form } = parseInput(QueueQuery, request.query);
    await groupingPass(app);
    const page = await app.storage.review.queue({
      sort: form.sort, limit: PAGE_SIZE, after, before,
      status: form.status || undefined, platform: form.platform || undefined, category: form.category || undefined,
      threatToLife: form.ttl ? form.ttl === 'yes' : undefined,
      since: midnight(form.since || undefined),
      // "Received before" a day: before its midnight.
      until: midnight(form.until || undefined),
      text: form.q || undefined, hash: form.hash || undefined,
    });
    return access.htmlReply(reply, queuePage({ ...page, form: form as QueueForm, csrf: who.csrf ?? '', admin: who.token.role === 'admin', language, here: request.url, fromCursor: !!(after || before) }));
  });

  app.get('/groups/:kind', async (request, reply) => {
    const who = await access.page(request, reply);
    if (!who) return reply;
    const { kind } = parseInput(GroupParams, request.params);
    const { key } = parseInput(GroupQuery, request.query);
    await groupingPass(app);
    const { items, total } = await app.storage.review.group(kind, key, GROUP_PAGE);
    return access.htmlReply(reply, groupPage({ kind, key, items, total, csrf: who.csrf ?? '', language: access.languageOf(request) }));
  });

  app.post('/bulk', async (request, reply) => {
    const form = parseInput(BulkForm, request.body ?? {});
    const who = await access.action(request, form.csrf);
    const language = access.languageOf(request);
    const ids = [...new Set(typeof form.id === 'string' ? [form.id] : form.id ?? [])];
    const back = form.back ?? '/review';
    if (!ids.length) {
      const page = bulkResultPage({ results: [], csrf: who.csrf ?? '', language, back, here: back, error: workspaceStrings[language].noSelection });
      return access.htmlReply(reply, page, 422);
    }
    const by = { tokenId: who.token.id, name: who.token.name };
    const seen = new Map((typeof form.seen === 'string' ? [form.seen] : form.seen ?? []).map((value) => SEEN.exec(value)!.slice(1, 3) as [string, EndpointStatus]));
    const results: BulkResult[] = [];
    // One at a time, each through the workflow's rules (withdrawn stays the reporter's), each with its audit entry.
    for (const id of ids) {
      try {
        const { changed } = await changeStatus(app.storage, { id, status: form.status, seen: seen.get(id), by: 'reviewer', who: by, note: form.note }, app.now);
        results.push({ id, outcome: changed ? 'moved' : 'unchanged' });
      } catch (error) {
        if (error instanceof MoveRefused) results.push({ id, outcome: error.reason, from: error.from });
        else if (error instanceof ApiError && error.code === 'not_found') results.push({ id, outcome: 'missing' });
        else throw error;
      }
    }
    return reply.redirect(`/review/bulk?${bulkResultQuery(results, form.status, back)}`, 303);
  });

  app.get('/bulk', async (request, reply) => {
    const who = await access.page(request, reply);
    if (!who) return reply;
    const query = parseInput(BulkResultQuery, request.query);
    const results = (typeof query.r === 'string' ? [query.r] : query.r).map(parseBulkResult);
    const page = bulkResultPage({ results, to: query.to, csrf: who.csrf ?? '', language: access.languageOf(request), back: query.back ?? '/review', here: request.url });
    return access.htmlReply(reply, page);
  });

  app.get('/export/reports', async (request, reply) => {
    const who = await access.page(request, reply);
    if (!who) return reply;
    const query = parseInput(ExportQuery, request.query);
    await groupingPass(app);
    const fileName = `flagpost-reports-${app.now().toISOString().slice(0, 10)}.${query.format}`;
    return sendDownload(reply, exportContentType(query.format), fileName, reportExportLines(app.storage, query));
  });
};
