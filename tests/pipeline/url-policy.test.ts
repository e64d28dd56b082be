/**
 * The background's URL policy (utils/pipeline/url-policy.ts) and its hop-by-hop fetch (fetch-hops.ts):
 * the page chooses media URLs, and none of them may turn the background's fetch towards the user's
 * own machine or network, however the address is spelled or however many redirects lead there.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fetchMedia } from '../../utils/pipeline/fetch-media';
import { MAX_REDIRECTS } from '../../utils/pipeline/fetch-hops';
import { isLocalHost, urlVerdict } from '../../utils/pipeline/url-policy';

afterEach(() => vi.unstubAllGlobals());

const LOCAL = [
  'http://127.0.0.1/x', 'http://127.1/x', 'http://0x7f.1/x', 'http://0177.0.0.1/x', 'http://017700000001/x', 'http://2130706433/x',
  'http://0x7f000001/x', 'http://0/x', 'http://0.0.0.0/x', 'http://10.1.2.3/x', 'http://172.16.0.1/x', 'http://172.31.255.255/x',
  'http://192.168.1.1/x', 'http://169.254.169.254/latest/meta-data', 'http://100.64.0.1/x', 'http://224.0.0.1/x', 'http://255.255.255.255/x',
  'http://[::1]/x', 'http://[::]/x', 'http://[0:0:0:0:0:0:0:1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://[::ffff:7f00:1]/x',
  'http://[::ffff:192.168.0.1]/x', 'http://[::127.0.0.1]/x', 'http://[64:ff9b::10.0.0.1]/x', 'http://[2002:7f00:1::]/x',
  'http://[fe80::1]/x', 'http://[fc00::1]/x', 'http://[fd12:3456::1]/x', 'http://[ff02::1]/x', 'http://[2001::1]/x',
  'http://localhost/x', 'http://LOCALHOST./x', 'http://app.localhost/x', 'http://router/x', 'http://printer.local/x',
  'http://db.internal/x', 'http://nas.home.arpa/x', 'https://127.0.0.1:8443/x', 'http://%31%32%37.0.0.1/x',
];

describe('local addresses, in every spelling', () => {
  test.each(LOCAL)('%s is never fetched for another page', (url) => {
    expect(urlVerdict(url, { pageOrigin: 'https://attacker.example', publicHosts: true })).toMatchObject({ allowed: false });
  });

  test('public addresses are not local', () => {
    for (const host of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '192.169.0.1', '[2606:4700::1111]', '[::ffff:8.8.8.8]', 'example.org', 'pbs.twimg.com']) {
      expect(isLocalHost(new URL(`http://${host}/`).hostname), host).toBe(false);
    }
  });

  test("a local address that is the page's own origin is allowed (an intranet page reporting its own picture)", () => {
    expect(urlVerdict('http://127.0.0.1:8080/own.png', { pageOrigin: 'http://127.0.0.1:8080' })).toEqual({ allowed: true });
    // Same host, another port or scheme: another origin.
    expect(urlVerdict('http://127.0.0.1:9090/other.png', { pageOrigin: 'http://127.0.0.1:8080' })).toMatchObject({ allowed: false });
    expect(urlVerdict('https://127.0.0.1:8080/other.png', { pageOrigin: 'http://127.0.0.1:8080' })).toMatchObject({ allowed: false });
  });
});

describe('which hosts', () => {
  test("the platforms' declared media hosts, https only, without asking", () => {
    expect(urlVerdict('https://pbs.twimg.com/media/a.jpg')).toEqual({ allowed: true });
    expect(urlVerdict('https://scontent-cdg4-1.cdninstagram.com/v/a.jpg')).toEqual({ allowed: true });
    expect(urlVerdict('http://pbs.twimg.com/media/a.jpg')).toMatchObject({ allowed: false });
  });

  test('any other host only once the user agreed (publicHosts) or as the page itself', () => {
    expect(urlVerdict('https://cdn.example.org/a.jpg')).toMatchObject({ allowed: false, reason: 'cdn.example.org is not a media host of a supported platform' });
    expect(urlVerdict('https://cdn.example.org/a.jpg', { publicHosts: true })).toEqual({ allowed: true });
    expect(urlVerdict('https://news.example/a.jpg', { pageOrigin: 'https://news.example' })).toEqual({ allowed: true });
  });

  test('no other scheme, no credentials in the URL', () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.org/a', 'data:image/png;base64,AAAA', 'blob:https://x.com/1', 'chrome-extension://abc/x', 'nonsense']) {
      expect(urlVerdict(url, { publicHosts: true }), url).toMatchObject({ allowed: false });
    }
    expect(urlVerdict('https://user:pw@pbs.twimg.com/media/a.jpg')).toMatchObject({ allowed: false });
  });
});

describe('redirects are followed by hand, each hop checked before it is requested', () => {
  /** A fetch that answers from a table of redirects (Node shows a manual redirect's 3xx and Location). */
  function serve(redirects: Record<string, string>): string[] {
    const requested: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      requested.push(url);
      expect(init).toMatchObject({ redirect: 'manual', credentials: 'omit', referrerPolicy: 'no-referrer' });
      const to = redirects[url];
      return to ? new Response(null, { status: 302, headers: { location: to } }) : new Response(new Uint8Array([1, 2, 3]), { status: 200 });
    });
    return requested;
  }

  test('a redirect to loopback is refused before any request reaches it', async () => {
    const requested = serve({ 'https://pbs.twimg.com/media/a': 'http://127.0.0.1:8080/admin' });
    await expect(fetchMedia('https://pbs.twimg.com/media/a')).rejects.toThrow("not fetched: 127.0.0.1 is a local or private network address, not the page's own");
    expect(requested).toEqual(['https://pbs.twimg.com/media/a']);
  });

  test('a relative redirect on an allowed host is followed', async () => {
    const requested = serve({ 'https://pbs.twimg.com/media/a': '/media/b' });
    expect((await fetchMedia('https://pbs.twimg.com/media/a')).bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(requested).toEqual(['https://pbs.twimg.com/media/a', 'https://pbs.twimg.com/media/b']);
  });

  test("before the user agreed, a redirect may not leave the platforms' media hosts", async () => {
    const requested = serve({ 'https://pbs.twimg.com/media/a': 'https://tracker.example/pixel' });
    await expect(fetchMedia('https://pbs.twimg.com/media/a')).rejects.toThrow('not fetched: tracker.example is not a media host of a supported platform');
    expect(requested).toHaveLength(1);
    serve({ 'https://pbs.twimg.com/media/a': 'https://tracker.example/pixel' });
    await expect(fetchMedia('https://pbs.twimg.com/media/a', undefined, { scope: { publicHosts: true } })).resolves.toBeDefined();
  });

  test('a page-origin redirect to another local address is refused', async () => {
    const requested = serve({ 'http://10.0.0.5/own.png': 'http://10.0.0.1/router.cgi' });
    await expect(fetchMedia('http://10.0.0.5/own.png', undefined, { scope: { pageOrigin: 'http://10.0.0.5', publicHosts: true } })).rejects.toThrow(/10\.0\.0\.1 is a local/);
    expect(requested).toEqual(['http://10.0.0.5/own.png']);
  });

  test(`at most ${MAX_REDIRECTS} redirects`, async () => {
    const loop = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`https://pbs.twimg.com/${i}`, `https://pbs.twimg.com/${i + 1}`]));
    const requested = serve(loop);
    await expect(fetchMedia('https://pbs.twimg.com/0')).rejects.toThrow(`not fetched: more than ${MAX_REDIRECTS} redirects`);
    expect(requested).toHaveLength(MAX_REDIRECTS + 1);
  });

  test('a refused URL is never requested at all', async () => {
    const requested = serve({});
    await expect(fetchMedia('http://0x7f.1/x', undefined, { scope: { publicHosts: true } })).rejects.toThrow('not fetched: 127.0.0.1 is a local');
    expect(requested).toEqual([]);
  });

  test("a browser's opaque redirect, whose target the extension could not see, is not followed", async () => {
    const requested: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      requested.push(url);
      return { type: 'opaqueredirect', status: 0, ok: false, headers: new Headers() } as Response;
    });
    await expect(fetchMedia('https://pbs.twimg.com/media/a')).rejects.toThrow('not fetched: redirected to an address Flagpost cannot check');
    expect(requested).toHaveLength(1);
  });
});
