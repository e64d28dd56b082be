import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { adapters } from '../../utils/platforms';
import { parseInert, readDomFixture, SHARED_FIXTURES } from '../dom-fixtures';

/**
 * The cheap permalink (read for every decorated post, to mark those already reported) must be the
 * very string `extract` reports as `target.url`: the endpoint lists the SHA-256 of that string.
 */
describe.each(adapters.filter((adapter) => adapter.permalink))('$platform permalink', (adapter) => {
  const files = readdirSync(resolve(SHARED_FIXTURES, 'dom', adapter.platform)).filter((file) => file.endsWith('.html'));

  test.each(files)('%s: same URL as extract, for every post', (file) => {
    const posts = [...parseInert(readDomFixture(`${adapter.platform}/${file}`)).querySelectorAll(adapter.postSelector)];
    expect(posts.length).toBeGreaterThan(0);
    // The focal post of a status page may borrow the page URL: both calls get the same one.
    const pageUrl = 'https://x.com/someone/status/123';
    for (const post of posts) {
      expect(adapter.permalink!(post, pageUrl)).toBe(adapter.extract(post, pageUrl)?.url ?? null);
    }
  });
});
