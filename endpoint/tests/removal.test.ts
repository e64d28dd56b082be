import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPeriodicJobs } from '../src/jobs/periodic.ts';
import { RemovalChecker } from '../src/jobs/removal-check.ts';
import type { Platform } from '../src/shared.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { startFakePlatform, type FakePlatform } from './support/fake-platform.ts';
import { aReport } from './support/reports.ts';

const HOUR = 3600_000;
const oembed = (url: string) => `/oembed?omit_script=1&url=${encodeURIComponent(url)}`;

describe.each(backends)('removal tracking on $name', (backend) => {
  let ep: TestEndpoint;
  let platform: FakePlatform;
  const posts: Record<string, [Platform, string]> = {
    deleted: ['x', 'https://x.com/a/status/1'],
    live: ['x', 'https://x.com/a/status/2'],
    unavailable: ['instagram', 'https://www.instagram.com/p/unavailable/'],
    gone: ['facebook', 'https://www.facebook.com/gone'],
    failing: ['reddit', 'https://www.reddit.com/r/x/comments/failing/'],
    leaving: ['tiktok', 'https://www.tiktok.com/@a/video/leaving'],
    elsewhere: ['other', 'https://intranet.example/admin'],
  };
  // The pacing runs on a clock of its own that only its waits move: the rate is counted, not timed.
  let paced = 0;
  const sentAt: number[] = [];
  const checker = (now = new Date()) =>
    new RemovalChecker({
      storage: ep.storage, perMinute: 1200, intervalMs: HOUR, now: () => now,
      route: (url) => (sentAt.push(paced), platform.route(url)),
      clock: () => paced,
      pause: async (ms) => void (paced += ms),
    });
  const state = async (key: string) => ep.storage.urlCheck(posts[key]![1]);

  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    platform = await startFakePlatform();
    platform.answers.set(oembed(posts.deleted![1]), [404, '{"error":"not found"}']);
    platform.answers.set(oembed(posts.live![1]), [200, '{"html":"<blockquote>"}']);
    platform.answers.set('/p/unavailable/', [200, "<html><h2>Sorry, this page isn't available.</h2></html>"]);
    platform.answers.set('/gone', [410, 'gone']);
    platform.answers.set('/r/x/comments/failing/', [503, 'busy']);
    platform.answers.set('/@a/video/leaving', [302, '', { location: 'https://login.evil.example/' }]);
    for (const [kind, url] of Object.values(posts)) await ep.post(aReport((r) => ((r.target.platform = kind), (r.target.url = url))));
  });
  afterAll(async () => {
    await platform.close();
    await ep.close();
  });

  it('records removed, online and inconclusive posts, and fetches only platform hosts', async () => {
    expect(await checker().runOnce(100)).toBe(7);
    expect(await state('deleted')).toMatchObject({ state: 'removed', httpStatus: 404, checks: 1, removedAt: expect.any(String) });
    expect(await state('live')).toMatchObject({ state: 'online', httpStatus: 200, removedAt: null });
    expect(await state('unavailable')).toMatchObject({ state: 'removed', httpStatus: 200 });
    expect(await state('gone')).toMatchObject({ state: 'removed', httpStatus: 410 });
    expect(await state('failing')).toMatchObject({ state: 'unknown', httpStatus: 503 });
    // A redirect off the platform (a login wall, or worse) is neither followed nor taken as removal.
    expect(await state('leaving')).toMatchObject({ state: 'unknown', httpStatus: 302 });
    expect(await state('elsewhere')).toMatchObject({ state: 'not_checked', httpStatus: null });
    expect(platform.requests.map((r) => r.path)).not.toContain('/admin');
    expect(platform.requests).toHaveLength(6);
    for (const request of platform.requests) {
      expect(request.headers.cookie).toBeUndefined();
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers['user-agent']).toMatch(/^FlagpostEndpoint/);
    }
  });

  it('keeps to its rate: requests 60 s / perMinute apart (50 ms here)', () => {
    expect(sentAt).toHaveLength(platform.requests.length);
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 1]!).toBeGreaterThanOrEqual(50);
  });

  it('checks nothing again before it is due', async () => {
    const before = platform.requests.length;
    expect(await checker().runOnce(100)).toBe(0);
    expect(platform.requests.length).toBe(before);
  });

  it('shows removal in the export', async () => {
    const answer = await ep.request('/v1/export?format=ndjson', { token: ep.tokens.reviewer });
    const rows = answer.text.trim().split('\n').map((line) => JSON.parse(line));
    const row = (key: string) => rows.find((r) => r.url === posts[key]![1]);
    expect(row('deleted')).toMatchObject({ removal_status: 'removed', removed_at: expect.stringMatching(/Z$/), last_checked_at: expect.stringMatching(/Z$/) });
    expect(row('live')).toMatchObject({ removal_status: 'online', removed_at: '' });
  });

  it('notices a post that comes back, and is not fooled by one failed check of a removed post', async () => {
    platform.answers.set('/p/unavailable/', [200, '<html>the post again</html>']);
    platform.answers.set('/gone', [500, 'oops']);
    const later = new Date(Date.now() + 5 * HOUR);
    await checker(later).runOnce(100);
    expect(await state('unavailable')).toMatchObject({ state: 'online', removedAt: null, checks: 2 });
    expect(await state('gone')).toMatchObject({ state: 'removed', httpStatus: 500, removedAt: expect.any(String) });
  });

  it('runs as a background job until stopped', async () => {
    platform.answers.set(oembed(posts.live![1]), [404, '']);
    const job = checker(new Date(Date.now() + 100 * HOUR));
    const jobs = await startPeriodicJobs([{ name: 'removal-check', everyMs: 10, run: () => job.runOnce(), abort: () => job.abort() }], { log: () => undefined });
    for (let i = 0; i < 100 && (await state('live'))?.state !== 'removed'; i++) await new Promise((r) => setTimeout(r, 20));
    await jobs.stop();
    expect((await state('live'))?.state).toBe('removed');
  });
});

describe.each(backends)('removal check hardening on $name', (backend) => {
  let ep: TestEndpoint;
  let platform: FakePlatform;
  const extraHosts = ['mastodon.example'];
  const checker = (now = new Date()) =>
    new RemovalChecker({ storage: ep.storage, perMinute: 1200, intervalMs: HOUR, extraHosts, route: platform.route, now: () => now });
  const report = async (platform: Platform, url: string) => {
    const answer = await ep.post(aReport((r) => ((r.target.platform = platform), (r.target.url = url))));
    expect(answer.status).toBe(201);
  };
  const paths = () => platform.requests.map((r) => r.path);

  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    platform = await startFakePlatform();
  });
  afterAll(async () => {
    await platform.close();
    await ep.close();
  });

  it('fetches a reported URL only on the default https port, for platform and FLAGPOST_CHECK_HOSTS hosts alike', async () => {
    await report('telegram', 'https://t.me:22/ssh/1');
    await report('mastodon', 'https://mastodon.example:8443/@a/1');
    await report('telegram', 'https://t.me:443/default/1');
    await report('mastodon', 'https://mastodon.example/@a/2');
    expect(await checker().runOnce(100)).toBe(4);
    expect(await ep.storage.urlCheck('https://t.me:22/ssh/1')).toMatchObject({ state: 'not_checked', httpStatus: null });
    expect(await ep.storage.urlCheck('https://mastodon.example:8443/@a/1')).toMatchObject({ state: 'not_checked', httpStatus: null });
    // An explicit :443 is the default port (URL drops it): checked as usual.
    expect(await ep.storage.urlCheck('https://t.me:443/default/1')).toMatchObject({ state: 'online', httpStatus: 200 });
    expect(await ep.storage.urlCheck('https://mastodon.example/@a/2')).toMatchObject({ state: 'online', httpStatus: 200 });
    expect(paths().sort()).toEqual(['/@a/2', '/default/1']);
  });

  it('follows a redirect only to https on the default port of an allowed host', async () => {
    const before = platform.requests.length;
    const hops: Record<string, string> = {
      '/r/a/comments/port/': 'https://www.reddit.com:8443/r/a/comments/admin/',
      '/r/a/comments/http/': 'http://www.reddit.com/r/a/comments/plain/',
      '/r/a/comments/extra/': 'https://mastodon.example:22/@a/3',
      '/r/a/comments/moved/': 'https://old.reddit.com:443/r/a/comments/there/',
    };
    for (const [path, location] of Object.entries(hops)) {
      platform.answers.set(path, [301, '', { location }]);
      await report('reddit', `https://www.reddit.com${path}`);
    }
    platform.answers.set('/r/a/comments/there/', [404, 'gone']);
    // A FLAGPOST_CHECK_HOSTS host on another port, redirected to itself on a third one.
    platform.answers.set('/@a/4', [302, '', { location: 'https://mastodon.example:2375/containers/json' }]);
    await report('mastodon', 'https://mastodon.example/@a/4');
    expect(await checker().runOnce(100)).toBe(5);
    for (const path of ['/r/a/comments/port/', '/r/a/comments/http/', '/r/a/comments/extra/'])
      expect(await ep.storage.urlCheck(`https://www.reddit.com${path}`)).toMatchObject({ state: 'unknown', httpStatus: 301 });
    expect(await ep.storage.urlCheck('https://mastodon.example/@a/4')).toMatchObject({ state: 'unknown', httpStatus: 302 });
    expect(await ep.storage.urlCheck('https://www.reddit.com/r/a/comments/moved/')).toMatchObject({ state: 'removed', httpStatus: 404 });
    expect(paths().slice(before).sort()).toEqual(['/@a/4', ...Object.keys(hops), '/r/a/comments/there/'].sort());
  });

  it('records a redirect with an unparseable Location as unknown, and goes on with the round', async () => {
    const broken = 'https://www.instagram.com/p/broken/';
    const next = 'https://www.instagram.com/p/next/';
    platform.answers.set('/p/broken/', [302, '', { location: 'https://[oops/' }]);
    await report('instagram', broken);
    await report('instagram', next);
    expect(await checker().runOnce(100)).toBe(2);
    expect(await ep.storage.urlCheck(broken)).toMatchObject({ state: 'unknown', httpStatus: 302, checks: 1 });
    expect(await ep.storage.urlCheck(next)).toMatchObject({ state: 'online', httpStatus: 200, checks: 1 });
    // Recorded, so it is not due again until later: the next round does not stop at it.
    expect(await checker().runOnce(100)).toBe(0);
  });

  // A round's deadline (jobs/periodic.ts: before pg-boss expires its job). The pacing clock is the
  // test's own: requests go 50 ms apart from 50, and each may take 1000 ms to be answered.
  const timed = (route: (url: string) => string = platform.route) => {
    let paced = 0;
    return new RemovalChecker({
      storage: ep.storage, perMinute: 1200, intervalMs: HOUR, route, timeoutMs: 1000,
      clock: () => paced, pause: async (ms) => void (paced += ms),
    });
  };

  it('starts no check that could not be answered before the round\'s deadline; the next round takes the rest', async () => {
    const urls = [1, 2, 3, 4, 5].map((i) => `https://t.me/deadline/${i}`);
    for (const url of urls) await report('telegram', url);
    const before = platform.requests.length;
    const checker = timed();
    // Requests at 50, 100, 150 are answered by 1150; one at 200 might not be.
    expect(await checker.runOnce(100, { deadline: 1150 })).toBe(3);
    expect(platform.requests.length - before).toBe(3);
    const checks = async () => (await Promise.all(urls.map((url) => ep.storage.urlCheck(url)))).map((c) => c!.checks);
    expect((await checks()).sort()).toEqual([0, 0, 1, 1, 1]);
    expect(await checker.runOnce(100, { deadline: 5000 })).toBe(2);
    expect(await checks()).toEqual([1, 1, 1, 1, 1]);
  });

  it('leaves a URL due when its redirect could not be followed before the deadline', async () => {
    const moved = 'https://t.me/deadline/moved';
    platform.answers.set('/deadline/moved', [301, '', { location: 'https://t.me/deadline/there' }]);
    await report('telegram', moved);
    const before = platform.requests.length;
    // The first request (at 50) fits before 1075; the redirect's (at 100) does not.
    expect(await timed().runOnce(100, { deadline: 1075 })).toBe(0);
    expect(paths().slice(before)).toEqual(['/deadline/moved']);
    expect(await ep.storage.urlCheck(moved)).toMatchObject({ state: 'pending', checks: 0 });
    expect(await timed().runOnce(100)).toBe(1);
    expect(await ep.storage.urlCheck(moved)).toMatchObject({ state: 'online', checks: 1 });
  });

  it('ends at the round\'s signal: the answer cut off is no answer, and the URL stays due', async () => {
    const cut = 'https://t.me/deadline/cut';
    await report('telegram', cut);
    const end = new AbortController();
    expect(await timed((url) => (end.abort(), platform.route(url))).runOnce(100, { signal: end.signal })).toBe(0);
    expect(await ep.storage.urlCheck(cut)).toMatchObject({ state: 'pending', checks: 0 });
    expect(await timed().runOnce(100)).toBe(1);
  });

  it('a redirect to the login page is a login wall: unknown, and it never undoes a removal', async () => {
    const url = 'https://www.instagram.com/p/walled/';
    await report('instagram', url);
    platform.answers.set('/p/walled/', [200, "<html>Sorry, this page isn't available.</html>"]);
    await checker().runOnce(100);
    expect(await ep.storage.urlCheck(url)).toMatchObject({ state: 'removed' });
    // Logged-out visitors get sent to the login form, which answers 200 with no "not available" text.
    platform.answers.set('/p/walled/', [302, '', { location: 'https://www.instagram.com/accounts/login/?next=%2Fp%2Fwalled%2F' }]);
    platform.answers.set('/accounts/login/?next=%2Fp%2Fwalled%2F', [200, '<html><form>Log in to Instagram</form></html>']);
    const before = platform.requests.length;
    await checker(new Date(Date.now() + 100 * HOUR)).runOnce(100);
    expect(await ep.storage.urlCheck(url)).toMatchObject({ state: 'removed', httpStatus: 302, checks: 2, removedAt: expect.any(String) });
    expect(paths().slice(before)).toContain('/p/walled/');
    expect(paths().slice(before).filter((path) => path.startsWith('/accounts/'))).toEqual([]);
  });

  it("knows Facebook's login and checkpoint pages, and nothing else by a path that merely says login", async () => {
    const walls: Record<string, string> = {
      '/walled/login': 'https://www.facebook.com/login/?next=https%3A%2F%2Fwww.facebook.com%2Fwalled%2Flogin',
      '/walled/php': 'https://m.facebook.com/login.php?next=%2Fwalled%2Fphp',
      '/walled/checkpoint': '/checkpoint/?next=%2Fwalled%2Fcheckpoint',
      '/walled/group': 'https://www.facebook.com/groups/login/posts/1',
    };
    for (const [path, location] of Object.entries(walls)) {
      platform.answers.set(path, [302, '', { location }]);
      await report('facebook', `https://www.facebook.com${path}`);
    }
    await report('facebook', 'https://www.facebook.com/login.php');
    expect(await checker().runOnce(100)).toBe(5);
    for (const path of ['/walled/login', '/walled/php', '/walled/checkpoint'])
      expect(await ep.storage.urlCheck(`https://www.facebook.com${path}`)).toMatchObject({ state: 'unknown', httpStatus: 302 });
    expect(await ep.storage.urlCheck('https://www.facebook.com/login.php')).toMatchObject({ state: 'unknown', httpStatus: null });
    expect(await ep.storage.urlCheck('https://www.facebook.com/walled/group')).toMatchObject({ state: 'online', httpStatus: 200 });
  });
});
