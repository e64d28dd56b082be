import { describe, expect, test } from 'vitest';
import { adapterForHost, adapters, isMediaUrl } from '../../utils/platforms';
import { archiveAdapter } from '../../utils/platforms/archive';
import { ExtractedPost } from '../../utils/platforms/types';
import { postFrom, postsOf, readHandBuiltFixture } from './hand-built';

const PAGE = 'https://archive.org/details/riverworks-bridge-timelapse';
const files = 'https://archive.org/download/riverworks-bridge-timelapse';

describe('archive.org adapter (hand-built fixture)', () => {
  const posts = postsOf(archiveAdapter, readHandBuiltFixture('archive_item_handbuilt.html'));

  test('the item is the one post; its nested review is not', () => {
    expect(posts).toHaveLength(1);
  });

  test('title and description, uploader, upload date, and each uploaded image and video file once', () => {
    const pageUrl = `${PAGE}?tab=about#reviews`;
    const post = archiveAdapter.extract(posts[0]!, pageUrl);
    expect(post).toEqual({
      platform: 'archive',
      url: PAGE,
      pageUrl,
      postId: 'riverworks-bridge-timelapse',
      author: { handle: '@riverworks-example', url: 'https://archive.org/details/@riverworks-example' },
      postedAt: '2025-03-14T09:26:53Z',
      text: 'Bridge deck lift, time-lapse\n\nSixty frames a minute of a footbridge deck being lifted into place over the river.\n\nFilmed from the east bank.',
      // Derived files (item tile, thumbnails), the metadata, a ZIP, another item's file and Ogg (no decoder) are left out.
      media: [
        { kind: 'video', sourceUrl: `${files}/bridge-lift.mp4` },
        { kind: 'image', sourceUrl: `${files}/bridge-deck.jpg` },
        { kind: 'image', sourceUrl: `${files}/site%20plan.png` },
      ],
      quoted: [],
    });
    expect(ExtractedPost.safeParse(post).success).toBe(true);
    expect(archiveAdapter.buttonSlot(posts[0]!)).toBeNull();
  });

  test('only an item page is one: search, collections and other hosts give nothing', () => {
    for (const pageUrl of ['https://archive.org/search?query=bridge', 'https://archive.org/details/@riverworks-example', 'https://example.org/details/riverworks-bridge-timelapse']) {
      expect(archiveAdapter.extract(posts[0]!, pageUrl)).toBeNull();
    }
  });

  test('a bare item (no uploader, date or files) keeps what it has', () => {
    const post = postFrom(archiveAdapter, '<div itemscope itemtype="http://schema.org/CreativeWork"><h1 itemprop="name">Untitled</h1></div>');
    expect(archiveAdapter.extract(post, 'https://archive.org/details/untitled_2025')).toEqual({
      platform: 'archive', url: 'https://archive.org/details/untitled_2025', pageUrl: 'https://archive.org/details/untitled_2025',
      postId: 'untitled_2025', text: 'Untitled', media: [], quoted: [],
    });
  });

  test('registered by its file: item pages get its content script, its files are its media hosts, nothing wider', () => {
    expect(adapters.map((adapter) => adapter.platform)).toContain('archive');
    expect(adapterForHost('archive.org')?.platform).toBe('archive');
    expect(isMediaUrl('https://ia800100.us.archive.org/12/items/riverworks-bridge-timelapse/bridge-lift.mp4')).toBe(true);
    expect(isMediaUrl('https://archive.org.example/download/x/y.mp4')).toBe(false);
    expect(archiveAdapter.mediaHosts.concat(archiveAdapter.matches).every((pattern) => /^https:\/\/(\*\.)?archive\.org\//.test(pattern))).toBe(true);
  });
});
