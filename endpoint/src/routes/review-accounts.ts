import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createToken } from '../core/tokens.ts';
import { ApiError } from '../errors.ts';
import { accountRoles, accountsPage } from '../review/accounts-page.ts';
import { workspaceStrings } from '../review/workspace-strings.ts';
import { z } from '../shared.ts';
import type { ReviewerAccess } from '../review/access.ts';
import { parseInput } from './params.ts';
import type { WorkspaceAccess } from './review-workspace.ts';

const Csrf = z.strictObject({ csrf: z.string().max(100).optional() });
const CreateForm = z.strictObject({
  csrf: z.string().max(100).optional(), nonce: z.string().regex(/^[\w-]{16,64}$/).optional(), name: z.string().max(100), role: z.enum(accountRoles),
});
const TokenParams = z.strictObject({ id: z.string().regex(/^tok_[0-9a-f]{1,32}$/) });
/** `?revoked=` after a revoke's redirect, said in a status message; anything else is ignored. */
const RevokedQuery = z.object({ revoked: TokenParams.shape.id.optional().catch(undefined) });

/**
 * Admins only (role `admin`): the reviewer and admin accounts, each a token of its own; make one
 * (its secret shown once, on the answer to the form) or revoke one. Reporters' tokens are not listed.
 */
export const accountRoutes = (access: WorkspaceAccess) => async (app: FastifyInstance) => {
  const forbidden = (request: FastifyRequest) => new ApiError(403, 'forbidden', workspaceStrings[access.languageOf(request)].adminsOnly);
  const reviewers = async () => (await app.storage.listTokens()).filter((t) => t.role !== 'reporter');

  /** The accounts page for this admin, with what the last form did. */
  const show = async (request: FastifyRequest, reply: FastifyReply, who: ReviewerAccess, more: Partial<Parameters<typeof accountsPage>[0]> = {}, code = 200) =>
    access.htmlReply(reply, accountsPage({ accounts: await reviewers(), self: who.token.id, csrf: who.csrf ?? '', language: access.languageOf(request), ...more }), code);

  app.get('/accounts', async (request, reply) => {
    const who = await access.page(request, reply);
    if (!who) return reply;
    if (who.token.role !== 'admin') throw forbidden(request);
    return show(request, reply, who, { revoked: parseInput(RevokedQuery, request.query).revoked });
  });

  app.post('/accounts', async (request, reply) => {
    const form = parseInput(CreateForm, request.body ?? {});
    const who = await access.action(request, form.csrf);
    if (who.token.role !== 'admin') throw forbidden(request);
    // A blank or unprintable name: the form again, saying what a name needs. The same form posted again
    // (a reload of the page showing the secret): no second token, and the secret cannot be shown again.
    const made = await createToken(app.storage, { name: form.name, role: form.role, formNonce: form.nonce }, app.now()).catch((error: unknown) => {
      if (error instanceof ApiError && (error.code === 'invalid_name' || error.code === 'already_created')) return error;
      throw error;
    });
    if (made instanceof ApiError) {
      const w = workspaceStrings[access.languageOf(request)];
      return show(request, reply, who, { error: made.code === 'invalid_name' ? w.invalidName : w.alreadyCreated(form.name.trim()) }, made.status);
    }
    return show(request, reply, who, { created: { name: made.record.name, secret: made.secret } }, 201);
  });

  app.post('/accounts/:id/revoke', async (request, reply) => {
    const { id } = parseInput(TokenParams, request.params);
    const who = await access.action(request, parseInput(Csrf, request.body ?? {}).csrf);
    if (who.token.role !== 'admin') throw forbidden(request);
    const language = access.languageOf(request);
    const target = await app.storage.tokenById(id);
    if (!target || target.role === 'reporter') throw new ApiError(404, 'not_found', 'id: no such reviewer account');
    if (id === who.token.id) return show(request, reply, who, { error: workspaceStrings[language].cannotRevokeSelf }, 409);
    await app.storage.revokeToken(id, app.now().toISOString());
    return reply.redirect(`/review/accounts?${new URLSearchParams({ revoked: id })}`, 303);
  });
};
