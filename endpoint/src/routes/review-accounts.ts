import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createToken } from '../core/tokens.ts';
import { ApiError } from '../errors.ts';
import { accountRoles, accountsPage } from '../review/accounts-page.ts';
import { workspaceStrings } from '../review/workspace-strings.ts';
import { z } from '../shared.ts';
import { parseInput } from './params.ts';
import type { WorkspaceAccess } from './review-workspace.ts';

const Csrf = z.strictObject({ csrf: z.string().max(100).optional() });
const CreateForm = z.strictObject({ csrf: z.string().max(100).optional(), name: z.string().max(100), role: z.enum(accountRoles) });
const TokenParams = z.strictObject({ id: z.string().regex(/^tok_[0-9a-f]{1,32}$/) });

/**
 * Admins only (role `admin`): the reviewer and admin accounts, each a token of its own; make one
 * (its secret shown once, on the answer to the form) or revoke one. Reporters' tokens are not listed.
 */
export const accountRoutes = (access: WorkspaceAccess) => async (app: FastifyInstance) => {
  const forbidden = (request: FastifyRequest) => new ApiError(403, 'forbidden', workspaceStrings[access.languageOf(request)].adminsOnly);
  const reviewers = async () => (await app.storage.listTokens()).filter((t) => t.role !== 'reporter');

  app.get('/accounts', async (request, reply) => {
    const who = await access.page(request, reply);
    if (!who) return reply;
    if (who.token.role !== 'admin') throw forbidden(request);
    return access.htmlReply(reply, accountsPage({ accounts: await reviewers(), self: who.token.id, csrf: who.csrf ?? '', language: access.languageOf(request) }));
  });

  app.post('/accounts', async (request, reply) => {
    const form = parseInput(CreateForm, request.body ?? {});
    const who = await access.action(request, form.csrf);
    if (who.token.role !== 'admin') throw forbidden(request);
    const { record, secret } = await createToken(app.storage, { name: form.name, role: form.role }, app.now());
    const page = accountsPage({
      accounts: await reviewers(), self: who.token.id, csrf: who.csrf ?? '', language: access.languageOf(request), created: { name: record.name, secret },
    });
    return access.htmlReply(reply, page, 201);
  });

  app.post('/accounts/:id/revoke', async (request, reply) => {
    const { id } = parseInput(TokenParams, request.params);
    const who = await access.action(request, parseInput(Csrf, request.body ?? {}).csrf);
    if (who.token.role !== 'admin') throw forbidden(request);
    const language = access.languageOf(request);
    const target = await app.storage.tokenById(id);
    if (!target || target.role === 'reporter') throw new ApiError(404, 'not_found', 'id: no such reviewer account');
    if (id === who.token.id) {
      const page = accountsPage({ accounts: await reviewers(), self: who.token.id, csrf: who.csrf ?? '', language, error: workspaceStrings[language].cannotRevokeSelf });
      return access.htmlReply(reply, page, 409);
    }
    await app.storage.revokeToken(id, app.now().toISOString());
    return reply.redirect('/review/accounts', 303);
  });
};
