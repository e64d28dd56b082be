import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printable } from '../src/cli/printable.ts';
import { ensureLocalToken, LOCAL_TOKEN_FILE } from '../src/core/local-token.ts';
import { createToken, findActiveToken } from '../src/core/tokens.ts';
import { openStorage } from '../src/storage/open.ts';
import { loadConfig } from '../src/config.ts';
import { canonicalJson } from '../src/core/canonical-json.ts';
import { csvCell } from '../src/export/format.ts';
import { RateLimiter } from '../src/http/rate-limit.ts';
import { probeFor } from '../src/jobs/probes.ts';
import { html } from '../src/review/html.ts';

describe('printable (CLI output)', () => {
  it('shows terminal control characters as escapes and keeps line breaks and tabs', () => {
    expect(printable('a\u001b]0;pwned\u0007b')).toBe('a\\x1b]0;pwned\\x07b');
    expect(printable('csi\u009b31m rtl\u202e del\u007f')).toBe('csi\\x9b31m rtl\\u202e del\\x7f');
    expect(printable('row\r\nnext\tcell\rover')).toBe('row\r\nnext\tcell\\x0dover');
    expect(printable('Menci 💖 — ünïcode')).toBe('Menci 💖 — ünïcode');
  });
});

describe('the local token of npm start', () => {
  it('is a reporter token; an earlier reviewer one moves to local-reviewer-token and stays valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flagpost-local-'));
    const storage = await openStorage({ sqlitePath: join(dir, 'db.sqlite') });
    try {
      const first = (await ensureLocalToken(storage, dir, new Date()))!;
      expect(first.created).toBe(true);
      expect((await findActiveToken(storage, first.secret))!.reviewer).toBe(false);
      expect(await ensureLocalToken(storage, dir, new Date())).toEqual({ secret: first.secret, created: false });

      const old = await createToken(storage, { name: 'local-old', reviewer: true }, new Date());
      writeFileSync(join(dir, LOCAL_TOKEN_FILE), `${old.secret}\n`);
      const moved = (await ensureLocalToken(storage, dir, new Date()))!;
      expect((await findActiveToken(storage, moved.secret))!.reviewer).toBe(false);
      expect(readFileSync(moved.reviewerFile!, 'utf8').trim()).toBe(old.secret);
      expect(statSync(moved.reviewerFile!).mode & 0o777).toBe(0o600);
      expect((await findActiveToken(storage, old.secret))!.reviewer).toBe(true);
    } finally {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CSV cells', () => {
  it('neutralises formula starters, including tab and carriage return', () => {
    for (const value of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(value).replace(/^"|"$/g, '')).toMatch(/^'/);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(['a', 'b'])).toBe('"a;b"');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(false)).toBe('false');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=a,b')).toBe(`"'=a,b"`);
    expect(csvCell('a;b')).toBe('"a;b"');
  });

  it('neutralises every item of a list, not only the first', () => {
    expect(csvCell(['ok', '=1+1', '@x', '-1', 'a;+1'])).toBe(`"ok;'=1+1;'@x;'-1;a;'+1"`);
    expect(csvCell([])).toBe('');
  });
});

describe('canonical JSON', () => {
  it('ignores key order at every depth, and nothing else', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});

describe('rate limiter', () => {
  it('allows a burst, then one request per refill interval, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 2, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 1]);
    expect(limiter.take('b')).toBe(0);
    now += 1000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
  });

  it('stays bounded in memory', () => {
    const limiter = new RateLimiter(60, 5, () => 0, 100);
    for (let i = 0; i < 10_000; i++) limiter.take(`k${i}`);
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });
});

describe('HTML', () => {
  it('escapes every interpolated value unless it is already HTML', () => {
    const hostile = `<img src=x onerror="alert('x')">&`;
    expect(html`<p title="${hostile}">${hostile}${html`<b>ok</b>`}</p>`.text).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;<b>ok</b></p>',
    );
  });
});

describe('configuration', () => {
  it('defaults to 127.0.0.1:8787 with SQLite in endpoint/data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8787, bodyLimit: 4 * 1024 * 1024, databaseUrl: undefined });
    expect(config.sqlitePath).toMatch(/endpoint\/data\/flagpost\.sqlite$/);
  });

  it('names a bad setting', () => {
    expect(() => loadConfig({ FLAGPOST_PORT: '99999', DATABASE_URL: 'mysql://x' })).toThrow(/FLAGPOST_PORT.*DATABASE_URL|DATABASE_URL.*FLAGPOST_PORT/);
  });

  it('refuses numbers that are not written as whole numbers, rather than reading a blank as 0 or hex as decimal', () => {
    expect(() => loadConfig({ FLAGPOST_PORT: ' ' })).toThrow(/FLAGPOST_PORT: expected a whole number/);
    expect(() => loadConfig({ FLAGPOST_HASH_QUOTA_PER_DAY: '  ' })).toThrow(/FLAGPOST_HASH_QUOTA_PER_DAY: expected a whole number/);
    expect(() => loadConfig({ FLAGPOST_PORT: '0x50' })).toThrow(/FLAGPOST_PORT: expected a whole number/);
    expect(loadConfig({ FLAGPOST_PORT: ' 8080 ' }).port).toBe(8080);
  });

  it('takes extra removal-check hosts as host names, lower-cased as a URL has them, and refuses a URL or a port', () => {
    expect(loadConfig({ FLAGPOST_CHECK_HOSTS: 'Mastodon.Example, 127.0.0.1' }).removal.extraHosts).toEqual(['mastodon.example', '127.0.0.1']);
    expect(probeFor('mastodon', 'https://mastodon.example/@a/1', loadConfig({ FLAGPOST_CHECK_HOSTS: 'Mastodon.Example' }).removal.extraHosts)).toBeDefined();
    for (const value of ['https://mastodon.example', 'mastodon.example:443']) {
      expect(() => loadConfig({ FLAGPOST_CHECK_HOSTS: value }), value).toThrow(/FLAGPOST_CHECK_HOSTS.*expected host names/);
    }
  });
});

describe('removal probes', () => {
  it('fetches only platform hosts over https, and asks X through oEmbed', () => {
    expect(probeFor('x', 'https://x.com/a/status/1')?.fetchUrl).toBe('https://publish.twitter.com/oembed?omit_script=1&url=https%3A%2F%2Fx.com%2Fa%2Fstatus%2F1');
    expect(probeFor('x', 'https://169.254.169.254/latest/meta-data')).toBeUndefined();
    expect(probeFor('instagram', 'https://x.com/a')).toBeUndefined();
    expect(probeFor('mastodon', 'https://mastodon.example/@a/1')).toBeUndefined();
    expect(probeFor('mastodon', 'https://mastodon.example/@a/1', ['mastodon.example'])?.fetchUrl).toBe('https://mastodon.example/@a/1');
    expect(probeFor('telegram', 'https://t.me:22/a/1')).toBeUndefined();
    expect(probeFor('mastodon', 'https://mastodon.example:8443/@a/1', ['mastodon.example'])).toBeUndefined();
    expect(probeFor('telegram', 'https://t.me:443/a/1')?.fetchUrl).toBe('https://t.me/a/1');
  });

  it('a platform id it does not know has no probe, whatever the id (the contract allows any lowercase word)', () => {
    for (const platform of ['archive', 'constructor', 'tostring', 'other']) {
      expect(probeFor(platform, 'https://x.com/a/status/1')).toBeUndefined();
    }
  });
});
