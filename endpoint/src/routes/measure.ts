import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { plainLoopback } from '../http/transport.ts';
import { art22Csv, art22Report } from '../measure/art22.ts';
import { MEASURE_STYLE } from '../measure/charts.ts';
import { art22Page, dashboardPage, transparencyPage, type PageContext } from '../measure/pages.ts';
import { art22Pdf } from '../measure/pdf.ts';
import { FIRST_YEAR, LAST_YEAR, monthsOf, yearRange } from '../measure/period.ts';
import { delaysByPlatform, removalByCategory, removalByPlatform } from '../measure/removal.ts';
import { publishedFigures } from '../measure/suppress.ts';
import { reviewerThroughput } from '../measure/throughput.ts';
import { byMonth } from '../measure/volume.ts';
import { REVIEW_PAGE_HEADERS, reviewerOf } from '../review/access.ts';
import { readCookie, Sessions } from '../review/sessions.ts';
import type { ReportCell } from '../storage/measures.ts';
import {
  chooseReviewLanguage, languageCookie, requestedLanguage, REVIEW_LANGUAGE_COOKIE, reviewLanguages, type ReviewLanguage,
} from '../review/strings.ts';
import { z } from '../shared.ts';
import { parseInput } from './params.ts';

/** How long the public page's figures are reused, and for how many years at once. */
const PUBLISHED_TTL_MS = 5 * 60_000;
const PUBLISHED_YEARS_KEPT = 8;

const FigureQuery = z.strictObject({
  year: z.coerce.number().int().min(FIRST_YEAR).max(LAST_YEAR).optional(),
  lang: z.enum(reviewLanguages).optional(),
});
const Art22Query = FigureQuery.extend({ format: z.enum(['html', 'csv', 'pdf']).default('html') });
/**
 * The public page's: a shared link carries what others add (fbclid, utm_source…), so other keys
 * are dropped rather than refused, and a language we lack falls back as the review pages' do
 * (chooseReviewLanguage reads the query itself). Only a malformed year is still a 400.
 */
const PublicQuery = z.object({ year: FigureQuery.shape.year });

/**
 * Measure and publish (issue 19 item 5): the reviewers' dashboard (/review/dashboard), the yearly
 * DSA Art. 22(3) trusted-flagger report (/review/art22, HTML, CSV or PDF) and, when the operator
 * turns it on (FLAGPOST_TRANSPARENCY), the public transparency page (/transparency). Each takes
 * `?year=YYYY` (this year by default) and `?lang=`. Figures: measure/, over storage/measures.ts.
 */
export const measureRoutes = async (app: FastifyInstance & Services) => {
  const sessions = new Sessions(app.storage);

  app.addHook('onSend', async (_request, reply) => {
    reply.headers(REVIEW_PAGE_HEADERS);
  });
  // The language switch is remembered as on the other reviewer pages (its cookie's path is /review).
  app.addHook('onRequest', async (request, reply) => {
    const asked = requestedLanguage(request.query);
    if (asked && request.url.startsWith('/review/')) reply.header('Set-Cookie', languageCookie(asked, !plainLoopback(request)));
  });
  const languageOf = (request: FastifyRequest): ReviewLanguage =>
    chooseReviewLanguage(request.query, readCookie(request.headers.cookie, REVIEW_LANGUAGE_COOKIE), request.headers['accept-language']);

  const reviewer = (request: FastifyRequest) => reviewerOf(app.storage, sessions, request);

  const htmlReply = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').send(body);
  const thisYear = () => app.now().getUTCFullYear();

  app.get('/review/measure.css', (_request, reply) => reply.type('text/css; charset=utf-8').send(MEASURE_STYLE));

  app.get('/review/dashboard', async (request, reply) => {
    const who = await reviewer(request);
    if (!who) return reply.redirect('/review/login', 303);
    const { year = thisYear() } = parseInput(FigureQuery, request.query);
    const range = yearRange(year);
    const [cells, delays, days] = await Promise.all([
      app.storage.measures.reportCells(range), app.storage.measures.removalDelays(range), app.storage.measures.reviewerDays(range),
    ]);
    const context: PageContext = { language: languageOf(request), year, path: '/review/dashboard', csrf: who.csrf, reviewer: true, transparency: app.config.transparency };
    return htmlReply(reply, dashboardPage(context, {
      months: byMonth(cells, monthsOf(year)),
      byPlatform: removalByPlatform(cells),
      byCategory: removalByCategory(cells),
      delays: delaysByPlatform(delays),
      throughput: reviewerThroughput(days),
    }));
  });

  app.get('/review/art22', async (request, reply) => {
    const who = await reviewer(request);
    if (!who) return reply.redirect('/review/login', 303);
    const { year = thisYear(), format } = parseInput(Art22Query, request.query);
    const report = art22Report(await app.storage.measures.submittedCells(yearRange(year)), year);
    const language = languageOf(request);
    const file = `flagpost-dsa-art22-${year}`;
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${file}.csv"`).send(art22Csv(report));
    }
    if (format === 'pdf') {
      return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${file}.pdf"`)
        .send(await art22Pdf(report, language, app.config.name));
    }
    return htmlReply(reply, art22Page({ language, year, path: '/review/art22', csrf: who.csrf, reviewer: true, transparency: app.config.transparency }, report));
  });

  /**
   * The public page's aggregates, kept a few minutes per year: anyone may ask for it, and each
   * answer reads a whole year of reports. A few years at most are kept (the oldest asked goes first).
   */
  const published = new Map<number, { until: number; cells: Promise<ReportCell[]> }>();
  function publishedCells(year: number): Promise<ReportCell[]> {
    const now = Date.now();
    const kept = published.get(year);
    if (kept && kept.until > now) return kept.cells;
    published.delete(year);
    if (published.size >= PUBLISHED_YEARS_KEPT) published.delete(published.keys().next().value!);
    const cells = app.storage.measures.reportCells(yearRange(year));
    published.set(year, { until: now + PUBLISHED_TTL_MS, cells });
    // A failed read is not kept: the next request tries again.
    cells.catch(() => published.delete(year));
    return cells;
  }

  app.get('/transparency', async (request, reply) => {
    // Off: as if there were no such page (the operator has not chosen to publish), whatever the query says.
    if (!app.config.transparency) return reply.callNotFound();
    const { year = thisYear() } = parseInput(PublicQuery, request.query);
    const cells = await publishedCells(year);
    // A reviewer gets the links between the figure pages; anyone else the page alone.
    const who = await reviewer(request);
    const context: PageContext = { language: languageOf(request), year, path: '/transparency', csrf: who?.csrf, reviewer: !!who, transparency: true };
    return htmlReply(reply, transparencyPage(context, publishedFigures(cells)));
  });
};
