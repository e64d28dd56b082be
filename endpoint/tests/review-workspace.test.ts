import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/core/tokens.ts';
import type { Report } from '../src/shared.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport, flipBits, randomPdq } from './support/reports.ts';
import { form, loginCookie } from './support/review.ts';
import { reviewLanguages } from '../src/review/strings.ts';
import { workspaceStrings } from '../src/review/workspace-strings.ts';

const keyPaths = (table: object, prefix = ''): string[] => Object.entries(table).flatMap(([key, value]) =>
  value && typeof value === 'object' ? keyPaths(value, `${prefix}${key}.`) : [`${prefix}${key}`]).sort();

describe('the workspace string tables', () => {
  it.each(reviewLanguages.filter((language) => language !== 'en'))('%s has exactly the keys of English', (language) => {
    expect(keyPaths(workspaceStrings[language])).toEqual(keyPaths(workspaceStrings.en));
  });
});

/** A report of its own post (unique URL, author and hashes), so the tests' searches see only their own. */
function anItem(change?: (report: Report) => void): Report {
  const tag = randomBytes(5).toString('hex');
  return aReport((r) => {
    r.target.url = `https://x.com/acct${tag}/status/${parseInt(tag, 16)}`;
    r.target.postId = String(parseInt(tag, 16));
    r.target.author = { handle: `@acct${tag}` };
    r.target.text = `post ${tag}`;
    r.media = [{ ref: 'm1', kind: 'image', sourceUrl: 'https://pbs.twimg.com/media/A?name=orig', hashes: [
      { algorithm: 'pdq', value: randomPdq(), quality: 90 },
      { algorithm: 'md5', value: randomBytes(16).toString('hex') },
      { algorithm: 'sha256', value: randomBytes(32).toString('hex') },
    ] }];
    change?.(r);
  });
}
const hashOf = (r: Report, algorithm: string) => (r.media[0]!.hashes.find((h) => h.algorithm === algorithm) as { value: string }).value;
/** The report ids of a queue or group page, in order. */
const idsIn = (html: string, testId: string) => {
  const table = html.slice(html.indexOf(`data-testid="${testId}"`));
  return [...table.slice(0, table.indexOf('</table>')).matchAll(/<tr[^>]*data-report-id="([^"]+)"/g)].map((m) => m[1]);
};
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;

describe.each(backends)('review workspace on $name', (backend) => {
  let ep: TestEndpoint;
  const cookies: Record<string, string> = {};
  const login = (secret: string) => loginCookie(ep, secret);
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    cookies.rita = await login(ep.tokens.reviewer);
    cookies.ada = await login((await createToken(ep.storage, { name: 'ada', role: 'admin' }, new Date())).secret);
  });
  afterAll(() => ep.close());

  const page = (path: string, as = 'rita', extra: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
    ep.request(path, { ...extra, headers: { cookie: cookies[as]!, ...extra.headers } });
  const queue = async (query: Record<string, string>) => (await page(`/review?${new URLSearchParams(query)}`)).text;
  const postAll = async (...reports: Report[]) => {
    for (const r of reports) expect((await ep.post(r)).status).toBe(201);
  };

  it('finds reports by URL, author, entity, text and hash (MD5, SHA-256 exact; PDQ within 31 bits)', async () => {
    const a = anItem((r) => (r.classification.entity = 'Some Entity Name'));
    const near = anItem((r) => ((r.media[0]!.hashes[0] as { value: string }).value = flipBits(hashOf(a, 'pdq'), 20)));
    const far = anItem((r) => ((r.media[0]!.hashes[0] as { value: string }).value = flipBits(hashOf(a, 'pdq'), 40)));
    await postAll(a, near, far);
    expect(idsIn(await queue({ q: a.target.url }), 'queue')).toEqual([a.id]);
    expect(idsIn(await queue({ q: a.target.author!.handle.toUpperCase() }), 'queue')).toEqual([a.id]);
    expect(idsIn(await queue({ q: 'some entity' }), 'queue')).toEqual([a.id]);
    expect(idsIn(await queue({ q: a.target.text! }), 'queue')).toEqual([a.id]);
    expect(idsIn(await queue({ hash: hashOf(a, 'md5') }), 'queue')).toEqual([a.id]);
    expect(idsIn(await queue({ hash: hashOf(a, 'sha256').toUpperCase() }), 'queue')).toEqual([a.id]);
    expect(new Set(idsIn(await queue({ hash: hashOf(a, 'pdq') }), 'queue'))).toEqual(new Set([a.id, near.id]));
    // LIKE's wildcards are taken literally.
    expect(idsIn(await queue({ q: '%_%' }), 'queue')).toEqual([]);
    // Text the body stores escaped (quotes, line breaks, backslashes) is found as written, and so are letters beyond
    // ASCII (their case folded as far as the database's LOWER() goes: ASCII letters at least).
    const quoted = anItem((r) => (r.target.text = `they wrote "join us" ${r.target.postId}\nat C:\\dir, Über ΣΤΡΑΤΟΣ`));
    await postAll(quoted);
    for (const q of ['"join us"', `${quoted.target.postId}\nat`, 'C:\\dir', 'Über ΣΤΡΑΤΟΣ', 'ÜBER']) {
      expect(idsIn(await queue({ q }), 'queue'), q).toEqual([quoted.id]);
    }
    expect((await page('/review?hash=xyz')).status).toBe(400);
  });

  it('filters by status, platform, category, threat to life and date, with threat to life on top in either order', async () => {
    const tag = randomBytes(4).toString('hex');
    const make = (ttl: boolean) => anItem((r) => {
      r.target.text = `batch ${tag}`;
      r.classification.threatToLife = ttl;
      r.classification.tco = ttl ? ['threat'] : ['incitement'];
    });
    const [first, second, urgent, third] = [make(false), make(false), make(true), make(false)];
    await postAll(first, second, urgent, third);
    const urgentOrder = idsIn(await queue({ q: tag, sort: 'urgent' }), 'queue');
    const newestOrder = idsIn(await queue({ q: tag, sort: 'newest' }), 'queue');
    expect(urgentOrder[0]).toBe(urgent.id);
    expect(newestOrder[0]).toBe(urgent.id);
    expect(urgentOrder.slice(1)).toEqual([...newestOrder.slice(1)].reverse());
    expect(idsIn(await queue({ q: tag, ttl: 'yes' }), 'queue')).toEqual([urgent.id]);
    expect(idsIn(await queue({ q: tag, ttl: 'no' }), 'queue')).toHaveLength(3);
    expect(idsIn(await queue({ q: tag, category: 'threat' }), 'queue')).toEqual([urgent.id]);
    expect(idsIn(await queue({ q: tag, platform: 'x', status: 'received' }), 'queue')).toHaveLength(4);
    expect(idsIn(await queue({ q: tag, platform: 'mastodon' }), 'queue')).toEqual([]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(idsIn(await queue({ q: tag, since: tomorrow }), 'queue')).toEqual([]);
    expect(idsIn(await queue({ q: tag, until: tomorrow }), 'queue')).toHaveLength(4);
    // Keyset pages: the same order, one page at a time, in both directions.
    const html = await queue({ q: tag, sort: 'urgent' });
    expect(html).toContain('data-testid="export-long"');
    expect(html).toMatch(/href="\/review\/export\/reports\?[^"]*format=csv/);
  });

  it('groups reports of the same URL and of the same media, and lists a group', async () => {
    const a = anItem();
    const sameUrl = anItem((r) => (r.target = { ...a.target }));
    const sameMedia = anItem((r) => ((r.media[0]!.hashes[0] as { value: string }).value = flipBits(hashOf(a, 'pdq'), 10)));
    await postAll(a, sameUrl, sameMedia);
    const html = await queue({ q: a.target.author!.handle });
    expect(html).toContain(`data-group="url"`);
    const urlGroup = await page(`/review/groups/url?key=${encodeURIComponent(a.target.url)}`);
    expect(new Set(idsIn(urlGroup.text, 'group-reports'))).toEqual(new Set([a.id, sameUrl.id]));
    const mediaLink = /href="(\/review\/groups\/media\?key=[^"]+)"/.exec(await queue({ hash: hashOf(sameMedia, 'md5') }))?.[1];
    expect(mediaLink).toBeDefined();
    const mediaGroup = await page(mediaLink!.replace(/&amp;/g, '&'));
    expect(new Set(idsIn(mediaGroup.text, 'group-reports'))).toEqual(new Set([a.id, sameMedia.id]));
    // The item page: which hash is whose medium, every report of the same item.
    const detail = (await page(`/review/reports/${a.id}`)).text;
    expect(detail).toMatch(new RegExp(`data-ref="m1">[\\s\\S]*${hashOf(a, 'md5')}`));
    expect(new Set(idsIn(detail, 'same-item'))).toEqual(new Set([sameUrl.id, sameMedia.id]));
    expect(detail).toContain(a.classification.explanation!);
  });

  it('bulk-moves the selected reports through the workflow rules, each with an audit entry naming the account', async () => {
    const [a, b] = [anItem(), anItem()];
    await postAll(a, b);
    const csrf = csrfOf(await queue({}));
    const body = (fields: [string, string][]) => ({ method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    // POST-redirect-GET: the results are the page the move redirects to.
    const bulk = async (fields: [string, string][]) => {
      const posted = await page('/review/bulk', 'rita', body(fields));
      return posted.status === 303 ? page(posted.headers.get('location')!) : posted;
    };
    const moved = await bulk([['csrf', csrf], ['id', a.id], ['id', b.id], ['status', 'under_review'], ['note', 'Triaged together']]);
    expect(moved.status).toBe(200);
    expect(moved.text.match(/data-outcome="moved"/g)).toHaveLength(2);
    for (const r of [a, b]) {
      const { json } = await ep.request(`/review/api/reports/${r.id}/audit`, { token: ep.tokens.reviewer });
      expect(json.audit).toEqual([expect.objectContaining({ action: 'status', fromStatus: 'received', toStatus: 'under_review', detail: 'note: Triaged together', actor: expect.objectContaining({ name: 'rita', tokenId: expect.stringMatching(/^tok_/) }) })]);
    }
    const back = await bulk([['csrf', csrf], ['id', b.id], ['status', 'rejected'], ['back', '/review?q=x&sort=newest']]);
    expect(back.text).toContain('href="/review?q=x&amp;sort=newest"');
    expect((await page('/review/bulk', 'rita', body([['csrf', csrf], ['id', a.id], ['status', 'under_review'], ['back', '//evil.example/']]))).status).toBe(400);
    // Reviewers never withdraw; a skipped step is refused with the workflow's message; nothing changes.
    const refused = await bulk([['csrf', csrf], ['id', a.id], ['status', 'withdrawn']]);
    expect(refused.text).toContain('data-outcome="refused"');
    expect(refused.text).toContain('only its reporter can withdraw');
    const skipped = await bulk([['csrf', csrf], ['id', a.id], ['status', 'actioned']]);
    expect(skipped.text).toContain('cannot become actioned');
    expect((await ep.storage.reportState(a.id))!.status).toBe('under_review');
    expect((await page('/review/bulk', 'rita', body([['id', a.id], ['status', 'rejected']]))).status).toBe(403);
    const none = await page('/review/bulk', 'rita', body([['csrf', csrf], ['status', 'rejected']]));
    expect(none.status).toBe(422);
    expect(none.text).toContain('Select at least one report.');
  });

  it("shows an item's removal-check history", async () => {
    const a = anItem();
    await postAll(a);
    for (const [state, httpStatus] of [['online', 200], ['removed', 404]] as const) {
      await ep.storage.recordUrlCheck({ url: a.target.url, state, httpStatus, checkedAt: new Date().toISOString(), nextCheckAt: new Date().toISOString() });
    }
    const detail = (await page(`/review/reports/${a.id}`)).text;
    const checks = detail.slice(detail.indexOf('data-testid="removal-checks"'));
    expect([...checks.matchAll(/data-state="([a-z_]+)"/g)].map((m) => m[1])).toEqual(['removed', 'online']);
  });

  it('labels statuses and the queue in French and Arabic', async () => {
    expect(await queue({ lang: 'fr' })).toContain('Les plus urgents d’abord');
    expect(await queue({ lang: 'fr', status: 'under_review' })).toContain('En cours d&#39;examen');
    expect(await queue({ lang: 'ar' })).toContain('dir="rtl"');
  });

  it('lets admins alone list, create and revoke reviewer accounts, showing a new secret once', async () => {
    expect((await page('/review/accounts')).status).toBe(403);
    expect(await queue({})).not.toContain('data-testid="accounts-link"');
    const list = await page('/review/accounts', 'ada');
    expect(list.status).toBe(200);
    expect(list.text).toContain('data-role="admin"');
    expect(list.text).not.toContain('alice');
    const csrf = csrfOf(list.text);
    const created = await page('/review/accounts', 'ada', { method: 'POST', ...form({ csrf, name: 'newcomer', role: 'reviewer' }) });
    expect(created.status).toBe(201);
    const secret = /data-testid="new-secret">[\s\S]*?<code dir="ltr">(fpt_[^<]+)<\/code>/.exec(created.text)![1]!;
    expect((await page('/review/accounts', 'ada')).text).not.toContain(secret);
    expect(await login(secret)).not.toBe('');
    const id = new RegExp(`data-token-id="(tok_[0-9a-f]+)" data-role="reviewer"><td><bdi>newcomer`).exec(created.text)![1]!;
    expect((await page(`/review/accounts/${id}/revoke`, 'rita', { method: 'POST', ...form({ csrf: csrfOf(await queue({})) }) })).status).toBe(403);
    expect((await page(`/review/accounts/${id}/revoke`, 'ada', { method: 'POST', ...form({ csrf }) })).status).toBe(303);
    expect(await login(secret)).toBe('');
    const self = (await ep.storage.listTokens()).find((t) => t.name === 'ada')!;
    expect((await page(`/review/accounts/${self.id}/revoke`, 'ada', { method: 'POST', ...form({ csrf }) })).status).toBe(409);
    expect((await ep.storage.tokenById(self.id))!.revokedAt).toBeNull();
  });

  it('serves the long export with the queue filters to a logged-in reviewer', async () => {
    const a = anItem();
    await postAll(a);
    const csv = await page('/review/export/reports?format=csv&status=received&platform=x');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(a.id);
    expect((await ep.request('/review/export/reports?format=csv')).status).toBe(303);
  });
});
