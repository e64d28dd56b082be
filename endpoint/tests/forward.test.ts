import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadForwardingSettings } from '../src/forwarding-config.ts';
import type { Report } from '../src/shared.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { BLUESKY, LABELER_PROXY, MASTODON_TOKEN, startFakeBluesky, startFakeMastodon, type FakeForwardServer } from './support/fake-forward.ts';
import { aReport } from './support/reports.ts';
import { form, reviewerCookie } from './support/review.ts';

const NOTICE_FORM = 'https://help.platform.example/dsa-notice';
const NOTIFIER = { name: 'Referral Unit', email: 'notices@referral.example' };

const onMastodon = (url: string) => aReport((r) => {
  r.target.platform = 'mastodon';
  r.target.url = url;
  r.target.pageUrl = url;
});
const onBluesky = (url: string) => aReport((r) => {
  r.target.platform = 'bluesky';
  r.target.url = url;
  r.target.pageUrl = url;
});

describe.each(backends)('forwarding and the audit log on $name', (backend) => {
  let ep: TestEndpoint;
  let cookie: string;
  let mastodon: FakeForwardServer;
  let bluesky: FakeForwardServer;
  let dir: string;
  const log: string[] = [];

  beforeAll(async () => {
    [mastodon, bluesky] = await Promise.all([startFakeMastodon(), startFakeBluesky()]);
    dir = mkdtempSync(join(tmpdir(), 'flagpost-forward-'));
    const file = join(dir, 'forwarding.json');
    writeFileSync(file, JSON.stringify({
      mastodon: {
        'mastodon.test': { token: MASTODON_TOKEN, api: mastodon.origin },
        // Nothing listens there: a network error.
        'down.test': { token: MASTODON_TOKEN, api: 'http://127.0.0.1:9' },
      },
      bluesky: { pds: bluesky.origin, appview: bluesky.origin, identifier: BLUESKY.identifier, appPassword: BLUESKY.appPassword },
      notifier: NOTIFIER,
      noticeForms: { x: NOTICE_FORM },
    }), { mode: 0o600 });
    ep = await startTestEndpoint(backend, { FLAGPOST_FORWARDING_FILE: file, FLAGPOST_LOG_LEVEL: 'info' }, log);
    cookie = await reviewerCookie(ep);
  });
  afterAll(async () => {
    await ep.close();
    await Promise.all([mastodon.close(), bluesky.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const page = (path: string, extra: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
    ep.request(path, { ...extra, headers: { cookie, ...extra.headers } });
  const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const submitted = async (report: Report) => {
    expect((await ep.post(report)).status).toBe(201);
    return report.id;
  };
  const forwardByPage = async (id: string, channel: string) => {
    const csrf = csrfOf((await page(`/review/reports/${id}`)).text);
    return page(`/review/reports/${id}/forward`, { method: 'POST', ...form({ csrf, channel }) });
  };
  const history = async (id: string) => (await ep.request(`/review/api/reports/${id}/audit`, { token: ep.tokens.reviewer })).json;

  it('files a legal report on the post\'s Mastodon instance, with the account\'s token, and records it', async () => {
    const id = await submitted(onMastodon('https://mastodon.test/@author@remote.example/109'));
    const detail = await page(`/review/reports/${id}`);
    expect(detail.text).toContain('data-testid="forward-mastodon"');
    const answer = await forwardByPage(id, 'mastodon');
    expect(answer.status).toBe(303);

    const [lookup, filed] = mastodon.requests.slice(-2);
    expect(lookup).toMatchObject({ method: 'GET', path: '/api/v1/statuses/109' });
    expect(filed).toMatchObject({ method: 'POST', path: '/api/v1/reports' });
    expect(filed!.headers.authorization).toBe(`Bearer ${MASTODON_TOKEN}`);
    const fields = new URLSearchParams(filed!.body);
    expect(fields.get('account_id')).toBe('acct-of-109');
    expect(fields.getAll('status_ids[]')).toEqual(['109']);
    expect(fields.get('category')).toBe('legal');
    expect(fields.get('forward')).toBe('true');
    expect(fields.get('comment')).toContain('The post glorifies or incites terrorist acts.');
    expect(fields.get('comment')!.length).toBeLessThanOrEqual(1000);

    const { forwardings, audit } = await history(id);
    expect(forwardings).toEqual([expect.objectContaining({ channel: 'mastodon', destination: 'mastodon.test', remoteId: '4242', by: expect.objectContaining({ name: 'rita' }) })]);
    // The forward, then the moves it made: received → under review → forwarded, each by the reviewer.
    expect(audit.map((e: { action: string; toStatus: string }) => [e.action, e.toStatus])).toEqual([['forward', 'received'], ['status', 'under_review'], ['status', 'forwarded']]);
    const after = await page(`/review/reports/${id}`);
    expect(after.text).toContain('data-testid="forwardings"');
    expect(after.text).toContain('4242');
    expect(after.text).toContain('data-testid="audit-log"');
    expect(after.text).not.toContain(MASTODON_TOKEN);
  });

  it('finds a post by a resolving search when its URL carries no local id', async () => {
    const id = await submitted(onMastodon('https://mastodon.test/notes/9xk2'));
    expect((await ep.request(`/review/api/reports/${id}/forward`, { method: 'POST', token: ep.tokens.reviewer, body: JSON.stringify({ channel: 'mastodon' }) })).status).toBe(201);
    const search = mastodon.requests.at(-2)!;
    const query = new URL(search.path, 'http://x').searchParams;
    expect(query.get('q')).toBe('https://mastodon.test/notes/9xk2');
    expect(new URLSearchParams(mastodon.requests.at(-1)!.body).getAll('status_ids[]')).toEqual(['777']);
  });

  it('shows a clear error and records nothing when the instance fails or cannot be reached; a retry works', async () => {
    const id = await submitted(onMastodon('https://mastodon.test/@author/110'));
    mastodon.failNext = 503;
    const failed = await forwardByPage(id, 'mastodon');
    expect(failed.status).toBe(502);
    expect(failed.text).toContain('answered 503 (Service Unavailable: try later); nothing was recorded, try again');
    expect(await history(id)).toEqual({ audit: [], forwardings: [] });
    expect((await ep.storage.reportState(id))!.status).toBe('received');

    expect((await forwardByPage(id, 'mastodon')).status).toBe(303);
    expect((await history(id)).forwardings).toHaveLength(1);

    const down = await submitted(onMastodon('https://down.test/@author/1'));
    const unreachable = await ep.request(`/review/api/reports/${down}/forward`, { method: 'POST', token: ep.tokens.reviewer, body: JSON.stringify({ channel: 'mastodon' }) });
    expect(unreachable.status).toBe(502);
    expect(unreachable.json.error.message).toMatch(/127\.0\.0\.1:9 could not be reached/);
    expect((await history(down)).forwardings).toEqual([]);
  });

  it('reports a Bluesky post through the PDS with a strongRef, proxied to the labeler', async () => {
    const id = await submitted(onBluesky('https://bsky.app/profile/author.bsky.social/post/3kabcxyz'));
    const answer = await ep.request(`/review/api/reports/${id}/forward`, { method: 'POST', token: ep.tokens.reviewer, body: JSON.stringify({ channel: 'bluesky' }) });
    expect(answer.status).toBe(201);
    expect(answer.json.forwarding).toMatchObject({ channel: 'bluesky', remoteId: '99' });
    const calls = bluesky.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`);
    expect(calls).toEqual([
      'GET /xrpc/com.atproto.identity.resolveHandle', 'GET /xrpc/com.atproto.repo.getRecord',
      'POST /xrpc/com.atproto.server.createSession', 'POST /xrpc/com.atproto.moderation.createReport',
    ]);
    const report = bluesky.requests.at(-1)!;
    expect(report.headers.authorization).toBe(`Bearer ${BLUESKY.jwt}`);
    expect(report.headers['atproto-proxy']).toBe(LABELER_PROXY);
    expect(JSON.parse(report.body)).toMatchObject({
      reasonType: 'com.atproto.moderation.defs#reasonViolation',
      subject: { $type: 'com.atproto.repo.strongRef', uri: `at://${BLUESKY.did}/app.bsky.feed.post/3kabcxyz`, cid: 'bafyreicidofthepost' },
    });
    expect(JSON.stringify(await history(id))).not.toContain(BLUESKY.appPassword);
  });

  it('offers other platforms their notice form and a complete DSA notice in English and French', async () => {
    const id = await submitted(aReport((r) => {
      r.reporter = { mode: 'anonymous' };
      r.media[0]!.hashes = [{ algorithm: 'sha256', value: 'b'.repeat(64) }, { algorithm: 'md5', value: 'c'.repeat(32) }];
    }));
    const detail = await page(`/review/reports/${id}`);
    expect(detail.text).toContain(`href="${NOTICE_FORM}"`);
    expect(detail.text).not.toContain('data-testid="forward-mastodon"');
    for (const [lang, goodFaith, law] of [
      ['en', 'I confirm my bona fide belief', 'Article 2(7) of Regulation (EU) 2021/784'],
      ['fr', 'Je confirme croire de bonne foi', 'article 2, point 7, du règlement (UE) 2021/784'],
    ] as const) {
      const notice = new RegExp(`data-testid="notice-${lang}">([^<]*)</textarea>`).exec(detail.text)![1]!;
      expect(notice).toContain('https://x.com/lcMenci/status/1985395058229817831');
      expect(notice).toContain('The post glorifies or incites terrorist acts.');
      expect(notice).toContain(`${NOTIFIER.name} &lt;${NOTIFIER.email}&gt;`);
      expect(notice).toContain(goodFaith);
      expect(notice).toContain(law);
      expect(notice).toContain(`m1 sha256: ${'b'.repeat(64)}`);
      expect(notice).toContain(`m1 md5: ${'c'.repeat(32)}`);
    }
    expect((await forwardByPage(id, 'notice')).status).toBe(303);
    expect((await history(id)).forwardings).toEqual([expect.objectContaining({ channel: 'notice', destination: NOTICE_FORM })]);
    const fr = await page(`/review/reports/${id}?lang=fr`);
    expect(fr.text).toContain('Journal d’audit');
    expect(fr.text).toContain('Notification DSA');
  });

  it('refuses a channel that is not configured for the post', async () => {
    const id = await submitted(aReport());
    const answer = await ep.request(`/review/api/reports/${id}/forward`, { method: 'POST', token: ep.tokens.reviewer, body: JSON.stringify({ channel: 'mastodon' }) });
    expect(answer.status).toBe(409);
    expect(answer.json.error.code).toBe('not_configured');
  });

  it('logs every status change and note with who and why; a reviewer can never withdraw', async () => {
    const id = await submitted(aReport());
    let csrf = csrfOf((await page(`/review/reports/${id}`)).text);
    expect((await page(`/review/reports/${id}/status`, { method: 'POST', ...form({ csrf, status: 'under_review', note: 'checking the group' }) })).status).toBe(303);
    expect((await page(`/review/reports/${id}/status`, { method: 'POST', ...form({ csrf, status: 'under_review', outcome: 'still up' }) })).status).toBe(303);

    csrf = csrfOf((await page(`/review/reports/${id}`)).text);
    const refused = await page(`/review/reports/${id}/status`, { method: 'POST', ...form({ csrf, status: 'withdrawn' }) });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('only its reporter can withdraw');
    expect((await ep.storage.reportState(id))!.status).toBe('under_review');
    // The page never offers it either.
    expect(refused.text).not.toContain('value="withdrawn"');

    expect((await ep.request(`/v1/reports/${id}/withdraw`, { method: 'POST', token: ep.tokens.alice })).status).toBe(200);
    const { audit } = await history(id);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'status', fromStatus: 'received', toStatus: 'under_review', detail: 'note: checking the group', actor: expect.objectContaining({ role: 'reviewer', name: 'rita' }) }),
      expect.objectContaining({ action: 'note', fromStatus: 'under_review', toStatus: 'under_review', detail: 'outcome: still up' }),
      expect.objectContaining({ action: 'status', toStatus: 'withdrawn', actor: expect.objectContaining({ role: 'reporter', name: 'alice' }) }),
    ]);
    // Withdrawn: nothing is forwarded any more.
    const closed = await ep.request(`/review/api/reports/${id}/forward`, { method: 'POST', token: ep.tokens.reviewer, body: JSON.stringify({ channel: 'notice' }) });
    expect(closed.status).toBe(409);
    expect((await history(id)).forwardings).toEqual([]);
  });

  it('keeps forwarding secrets out of the log', () => {
    const all = log.join('\n');
    expect(all).toContain('/forward');
    expect(all).not.toContain(MASTODON_TOKEN);
    expect(all).not.toContain(BLUESKY.appPassword);
    expect(all).not.toContain(BLUESKY.jwt);
  });
});

describe('forwarding settings', () => {
  const write = (content: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), 'flagpost-forward-'));
    const file = join(dir, 'f.json');
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it('sends tokens only over https, or plain http to this machine', () => {
    expect(() => loadForwardingSettings(write({ mastodon: { 'a.test': { token: 'secret-x', api: 'http://a.test' } } })))
      .toThrow(/mastodon\.a\.test\.api: expected https:\/\//);
    expect(loadForwardingSettings(write({ mastodon: { 'a.test': { token: 't', api: 'http://127.0.0.1:8080/' } } })).mastodon['a.test']!.api).toBe('http://127.0.0.1:8080');
  });

  it('names the field, never the secret, when the file is wrong', () => {
    let message = '';
    try {
      loadForwardingSettings(write({ bluesky: { identifier: 'me', appPassword: 'secret-pass', pds: 'ftp://x' } }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^FLAGPOST_FORWARDING_FILE: bluesky\.pds/);
    expect(message).not.toContain('secret-pass');
    expect(() => loadForwardingSettings('/nonexistent/forwarding.json')).toThrow('cannot read /nonexistent/forwarding.json (ENOENT)');
  });
});
