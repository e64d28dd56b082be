import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { changeStatus, MoveRefused } from '../core/status.ts';
import { findActiveToken } from '../core/tokens.ts';
import { ApiError } from '../errors.ts';
import { ExportQuery } from '../export/query.ts';
import { plainLoopback } from '../http/transport.ts';
import { LoginLimits } from '../review/login-limits.ts';
import { refusalText } from '../review/bulk-page.ts';
import { detailPage, loginPage, staleFormPage, STYLE } from '../review/pages.ts';
import { readCookie, SESSION_TTL_MS, sameSecret, sessionCookie, Sessions, SESSION_COOKIE } from '../review/sessions.ts';
import {
  chooseReviewLanguage, languageCookie, requestedLanguage, REVIEW_LANGUAGE_COOKIE, reviewStrings,
} from '../review/strings.ts';
import { EndpointStatus, type Report, z } from '../shared.ts';
import { sendExport } from './export.ts';
import { sendTmkArchive, sendTmkFile, TmkFileParams } from './tmk-export.ts';
import { TmkArchiveQuery } from '../export/tmk-archive.ts';
import { tmkMatchesOfReport } from '../core/tmk-matches.ts';
import { tmkSection } from '../review/tmk-section.ts';
import { forwardRoutes, forwardSectionFor } from './forward.ts';
import { IdParams, parseInput, storableText } from './params.ts';
import { accountRoutes } from './review-accounts.ts';
import { itemHistoryFor, workspaceRoutes } from './review-workspace.ts';
import { itemSections } from '../review/item-sections.ts';
import { FormRefused, refusal, REVIEW_PAGE_HEADERS, reviewerOf, type ReviewerAccess } from '../review/access.ts';

const StatusForm = z.strictObject({
  csrf: z.string().max(100).optional(),
  status: EndpointStatus,
  note: storableText.max(2000).optional(),
  outcome: storableText.max(500).optional(),
  /** The status the page showed: a report changed since is not moved. */
  seen: EndpointStatus.optional(),
});

/** `?done=` after a form's redirect; any other value (a hand-edited address) is ignored, not an error. */
const DoneQuery = z.object({ done: z.enum(['status', 'forwarded']).optional().catch(undefined) });

/** The reviewers' pages under /review: log in with a reviewer token, list, read, move along the workflow, export. */
export const reviewRoutes = async (app: FastifyInstance) => {
  const sessions = new Sessions(app.storage);
  const logins = new LoginLimits(app.storage);

  app.addHook('onSend', async (_request, reply) => {
    reply.headers(REVIEW_PAGE_HEADERS);
  });

  // The header's language switch (?lang=fr) is remembered for the next pages.
  app.addHook('onRequest', async (request, reply) => {
    const asked = requestedLanguage(request.query);
    if (asked) reply.header('Set-Cookie', languageCookie(asked, !plainLoopback(request)));
  });
  const languageOf = (request: FastifyRequest) =>
    chooseReviewLanguage(request.query, readCookie(request.headers.cookie, REVIEW_LANGUAGE_COOKIE), request.headers['accept-language']);

  // Unknown paths under /review: to the list (or the login form).
  app.setNotFoundHandler((_request, reply) => reply.redirect('/review', 303));

  /** The reviewer behind this request, or undefined (not logged in / not a reviewer / revoked). */
  const reviewer = (request: FastifyRequest) => reviewerOf(app.storage, sessions, request);

  /** For pages: the reviewer, or a redirect to the login form. */
  async function page(request: FastifyRequest, reply: FastifyReply) {
    const who = await reviewer(request);
    if (!who) void reply.redirect('/review/login', 303);
    return who;
  }

  /** For state-changing posts: also the CSRF check when the request came with a cookie. */
  async function action(request: FastifyRequest, csrf: string | undefined) {
    const who = await reviewer(request);
    if (!who) throw refusal(request, 'ended');
    if (who.csrf && !(csrf && sameSecret(csrf, who.csrf))) throw refusal(request, 'stale');
    return who;
  }

  const htmlReply = (reply: FastifyReply, body: string, code = 200) => reply.code(code).type('text/html; charset=utf-8').send(body);

  // Set before the routes' plugins register, so theirs answer the same; any other error goes on to app.ts's JSON.
  app.setErrorHandler((error, request, reply) => {
    if (!(error instanceof FormRefused)) throw error;
    const language = languageOf(request);
    // The login form at once, saying why and that nothing was saved (a redirect could only say it with more state).
    if (error.reason === 'ended') return htmlReply(reply, loginPage(reviewStrings[language].sessionEnded, language), 401);
    return htmlReply(reply, staleFormPage(language), 403);
  });

  await app.register(forwardRoutes({ action, showReport }));
  // The queue (GET /), groups, bulk moves, the long export; the admins' accounts page.
  await app.register(workspaceRoutes({ page, action, htmlReply, languageOf }));
  await app.register(accountRoutes({ page, action, htmlReply, languageOf }));

  app.get('/style.css', (_request, reply) => reply.type('text/css; charset=utf-8').send(STYLE));

  app.get('/login', (request, reply) => htmlReply(reply, loginPage(undefined, languageOf(request))));

  app.post('/login', async (request, reply) => {
    const { token: secret } = parseInput(z.object({ token: z.string().max(200).default('') }), request.body ?? {});
    const token = await findActiveToken(app.storage, secret.trim());
    const wait = token?.reviewer ? await logins.success(token.id) : await logins.failure(request.ip);
    const language = languageOf(request);
    const t = reviewStrings[language];
    if (wait) return htmlReply(reply.header('Retry-After', String(wait)), loginPage(t.tooManyAttempts, language), 429);
    if (!token?.reviewer) return htmlReply(reply, loginPage(t.notReviewerToken, language), 401);
    const { id } = await sessions.create(token.id);
    reply.header('Set-Cookie', sessionCookie(id, SESSION_TTL_MS / 1000, !plainLoopback(request)));
    return reply.redirect('/review', 303);
  });

  app.post('/logout', async (request, reply) => {
    const { csrf } = parseInput(z.object({ csrf: z.string().max(100).optional() }), request.body ?? {});
    // Only a live session needs the form's token. One already ended (another tab, expiry) has nothing
    // left to protect: its cookie is cleared all the same, and the reviewer lands on the login form.
    if (await reviewer(request)) await action(request, csrf);
    await sessions.delete(readCookie(request.headers.cookie, SESSION_COOKIE));
    reply.header('Set-Cookie', sessionCookie('', 0, !plainLoopback(request)));
    return reply.redirect('/review/login', 303);
  });

  app.get('/reports/:id', async (request, reply) => {
    const who = await page(request, reply);
    if (!who) return reply;
    return showReport(request, reply, who);
  });

  app.post('/reports/:id/status', async (request, reply) => {
    const { id } = parseInput(IdParams, request.params);
    const form = parseInput(StatusForm, request.body ?? {});
    const who = await action(request, form.csrf);
    try {
      const by = { tokenId: who.token.id, name: who.token.name };
      await changeStatus(app.storage, { id, status: form.status, seen: form.seen, by: 'reviewer', who: by, note: form.note, outcome: form.outcome }, app.now);
    } catch (error) {
      if (error instanceof MoveRefused) return showReport(request, reply, who, refusalText(error.reason, error.from, form.status, languageOf(request)), error.status);
      if (error instanceof ApiError && (error.status === 409 || error.status === 403)) return showReport(request, reply, who, error.message, error.status);
      throw error;
    }
    return reply.redirect(`/review/reports/${id}?done=status`, 303);
  });

  app.get('/export', async (request, reply) => {
    const who = await page(request, reply);
    if (!who) return reply;
    return sendExport(reply, app, parseInput(ExportQuery, request.query));
  });

  app.get('/export/tmk', async (request, reply) => {
    const who = await page(request, reply);
    if (!who) return reply;
    return sendTmkArchive(reply, app, parseInput(TmkArchiveQuery, request.query));
  });

  app.get('/tmk/:id/:ref', async (request, reply) => {
    const who = await page(request, reply);
    if (!who) return reply;
    return sendTmkFile(reply, app.storage, parseInput(TmkFileParams, request.params));
  });

  async function showReport(request: FastifyRequest, reply: FastifyReply, who: ReviewerAccess, error?: string, code = 200) {
    const { id } = parseInput(IdParams, request.params);
    const [state, body] = await Promise.all([app.storage.reportState(id), app.storage.reportBody(id)]);
    if (!state || !body) throw new ApiError(404, 'not_found', 'id: no such report');
    // Stored after validation; not re-validated, so a stricter future schema still shows old reports.
    const report = JSON.parse(body) as Report;
    const removal = await app.storage.urlCheck(report.target.url);
    // Its matches once its videos are grouped (intake groups after the answer).
    await app.tmkGroups.sync();
    const tmkMatches = await tmkMatchesOfReport(app.storage, id);
    const tmk = tmkSection(id, tmkMatches);
    const [csrf, language] = [who.csrf ?? '', languageOf(request)];
    // A GET after a form's redirect says what the form did; a POST's own answer (an error) does not.
    const { done } = request.method === 'GET' ? parseInput(DoneQuery, request.query) : { done: undefined };
    const forward = await forwardSectionFor(app, { state, report, csrf, language });
    const history = await itemHistoryFor(app, id, report, tmkMatches.flatMap((m) => (m.groupId ? [m.groupId] : [])));
    const workspace = itemSections(history, language);
    return htmlReply(reply, detailPage({ state, report, removal, csrf, error, done, tmk, forward, workspace, language }), code);
  }
};
