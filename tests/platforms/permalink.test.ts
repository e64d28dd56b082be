import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { adapters } from '../../utils/platforms';
import { SHARED_FIXTURES } from '../../test-support/dom-fixtures';
import { postsInCapture } from './hand-built';

/**
 * The cheap permalink (read for every decorated post, to mark those already reported) must be the
 * very string `extract` reports as `target.url`: the endpoint lists the SHA-256 of that string.
 */
describe.each(adapters.filter((adapter) => adapter.permalink))('$platform permalink', (adapter) => {
  const files = readdirSync(resolve(SHARED_FIXTURES, 'dom', adapter.platform)).filter((file) => file.endsWith('.html'));
  const pageUrl = adapter.matches[0]!.replace('*', '');

  test.each(files)('%s: same URL as extract, for every post extract reads', (file) => {
    const posts = postsInCapture(adapter, `${adapter.platform}/${file}`);
    const pairs = posts.map((post) => [adapter.permalink!(post, pageUrl), adapter.extract(post, pageUrl)?.url] as const);
    // A shell extract refuses (not yet drawn) may already have its permalink; every read post agrees.
    const read = pairs.filter(([, extracted]) => extracted !== undefined);
    expect(read.length).toBeGreaterThan(0);
    for (const [permalink, extracted] of read) expect(permalink).toBe(extracted);
  });
});
