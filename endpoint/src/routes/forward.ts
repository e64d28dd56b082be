import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import { isForwardable } from '../forward/forwarder.ts';
import { forwardSection } from '../forward/page-section.ts';
import type { ReviewLanguage } from '../review/strings.ts';
import { type Report, z } from '../shared.ts';
import type { ReportState, TokenRecord } from '../storage/types.ts';
import { IdParams, parseInput } from './params.ts';

const Channel = z.enum(['mastodon', 'bluesky', 'notice']);
const ForwardForm = z.strictObject({ csrf: z.string().max(100).optional(), channel: Channel });
const ForwardBody = z.strictObject({ channel: Channel });

/** What the review plugin lends these routes: its login check and its item page. */
export interface ReviewAccess {
  action(request: FastifyRequest, csrf: string | undefined): Promise<{ token: TokenRecord }>;
  showReport(request: FastifyRequest, reply: FastifyReply, who: { token: TokenRecord }, error: string, code: number): Promise<unknown>;
}

const text = { type: 'string' } as const;
const Actor = { type: 'object', properties: { role: text, tokenId: text, name: text }, required: ['role', 'name'] } as const;
const ForwardingJson = {
  type: 'object', properties: { reportId: text, at: text, channel: text, destination: text, remoteId: text, by: Actor },
  required: ['reportId', 'at', 'channel', 'destination', 'by'],
} as const;
const AuditJson = {
  type: 'object', properties: { reportId: text, at: text, actor: Actor, action: text, fromStatus: text, toStatus: text, detail: text },
  required: ['reportId', 'at', 'actor', 'action'],
} as const;
const Forwarded = { type: 'object', properties: { forwarding: ForwardingJson }, required: ['forwarding'] } as const;
const History = {
  type: 'object', properties: { audit: { type: 'array', items: AuditJson }, forwardings: { type: 'array', items: ForwardingJson } },
  required: ['audit', 'forwardings'],
} as const;

/** The item page's forwarding and audit sections. */
export async function forwardSectionFor(app: FastifyInstance, input: { state: ReportState; report: Report; csrf: string; language: ReviewLanguage }) {
  const { state, report } = input;
  const [forwardings, audit] = await Promise.all([app.storage.forwardings.ofReport(state.id), app.storage.audit.ofReport(state.id)]);
  return forwardSection({
    reportId: state.id, report, options: app.forwarder.options(report), notifier: app.forwarder.notifier,
    forwardings, audit, csrf: input.csrf, open: isForwardable(state.status), language: input.language,
  });
}

/**
 * Forward an item (under /review): the page's form, and the same as JSON for scripts with a
 * reviewer's bearer token. Inputs are checked by zod (parseInput), answers shaped by the
 * response schemas. Either way a failed forward records nothing and can be retried.
 */
export const forwardRoutes = (access: ReviewAccess) => async (app: FastifyInstance) => {
  const whoOf = (token: TokenRecord) => ({ tokenId: token.id, name: token.name });

  app.post('/reports/:id/forward', async (request, reply) => {
    const { id } = parseInput(IdParams, request.params);
    const form = parseInput(ForwardForm, request.body ?? {});
    const who = await access.action(request, form.csrf);
    try {
      await app.forwarder.forward(id, form.channel, whoOf(who.token));
    } catch (error) {
      if (error instanceof ApiError && [409, 502].includes(error.status)) return access.showReport(request, reply, who, error.message, error.status);
      throw error;
    }
    return reply.redirect(`/review/reports/${id}?done=forwarded`, 303);
  });

  app.post('/api/reports/:id/forward', { schema: { response: { 201: Forwarded } } }, async (request, reply) => {
    const { id } = parseInput(IdParams, request.params);
    const { channel } = parseInput(ForwardBody, request.body ?? {});
    const who = await access.action(request, undefined);
    return reply.code(201).send({ forwarding: await app.forwarder.forward(id, channel, whoOf(who.token)) });
  });

  app.get('/api/reports/:id/audit', { schema: { response: { 200: History } } }, async (request) => {
    const { id } = parseInput(IdParams, request.params);
    await access.action(request, undefined);
    const [audit, forwardings] = await Promise.all([app.storage.audit.ofReport(id), app.storage.forwardings.ofReport(id)]);
    return { audit, forwardings };
  });
};
