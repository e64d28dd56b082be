/** The queue's search as reviewers type it: mistakes shown on the page, paging that always has a way back. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeStatus } from '../src/core/status.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';
import { reviewerCookie } from './support/review.ts';

const unescape = (s: string) => s.replace(/&amp;/g, '&');
const rowsOf = (html: string) => [...html.matchAll(/<tr[^>]*data-report-id="([^"]+)"/g)].map((m) => m[1]!);

describe.each(backends)('the review queue on $name', (backend) => {
  let ep: TestEndpoint;
  let cookie: string;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    cookie = await reviewerCookie(ep);
  });
  afterAll(() => ep.close());
  const page = (path: string) => ep.request(path, { headers: { cookie } });

  it('shows a mistyped search again on the queue page, naming the wrong field, and takes a platform in any case', async () => {
    const tag = randomBytes(4).toString('hex');
    const report = aReport((r) => (r.target.text = `typed ${tag}`));
    expect((await ep.post(report)).status).toBe(201);
    const cases: [string, string][] = [
      ['hash=abc', 'Hash (PDQ, MD5 or SHA-256, hex)'],
      [`hash=${'a'.repeat(31)}`, 'Hash (PDQ, MD5 or SHA-256, hex)'],
      ['since=2026-13-01', 'Received from'],
      ['until=yesterday', 'Received before'],
      ['platform=not%20a%20platform', 'Platform'],
    ];
    for (const [query, label] of cases) {
      const answer = await page(`/review?q=${tag}&${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.headers.get('content-type'), query).toMatch(/text\/html/);
      expect(answer.text, query).toMatch(new RegExp(`role="alert"[^>]*>“${label.replace(/[()]/g, '\\$&')}”`));
      // What was typed stays in the form, to be corrected.
      expect(answer.text, query).toContain(`value="${tag}"`);
      expect(answer.text, query).toContain(`value="${decodeURIComponent(query.split('=')[1]!)}"`);
    }
    expect((await page(`/review?q=${tag}&hash=abc&lang=fr`)).text).toContain('« Empreinte (PDQ, MD5 ou SHA-256, hexadécimal) » : cette valeur');
    for (const platform of ['X', ' x ']) {
      const answer = await page(`/review?q=${tag}&platform=${encodeURIComponent(platform)}`);
      expect(answer.status, platform).toBe(200);
      expect(rowsOf(answer.text), platform).toEqual([report.id]);
    }
  });

  it('offers the way back from a page reached by a cursor whose rows all left the filter since', async () => {
    const tag = randomBytes(4).toString('hex');
    for (let i = 0; i < 52; i++) {
      const r = aReport((x) => (x.target.text = `paged ${tag}`));
      expect((await ep.post(r)).status).toBe(201);
    }
    const first = (await page(`/review?q=${tag}&status=received`)).text;
    const next = unescape(/href="([^"]+)" rel="next"/.exec(first)![1]!);
    const second = rowsOf((await page(next)).text);
    expect(second).toHaveLength(2);
    // Another reviewer triages those two; this reviewer reloads page 2: empty, with a link back to the first page.
    for (const id of second) await changeStatus(ep.storage, { id, status: 'under_review', by: 'reviewer' }, () => new Date());
    const reloaded = (await page(next)).text;
    expect(rowsOf(reloaded)).toEqual([]);
    const back = unescape(/href="([^"]+)" rel="prev"/.exec(reloaded)?.[1] ?? '');
    expect(back).not.toBe('');
    expect(rowsOf((await page(back)).text)).toEqual(rowsOf(first));
  });
});
