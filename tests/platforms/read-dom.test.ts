import { describe, expect, test } from 'vitest';
import {
  accountPost,
  extractedPost,
  backgroundImageUrl,
  commonAncestor,
  flowText,
  isoDatetime,
  isoFromEpochMs,
  ownAll,
  ownFirst,
  widestSrcsetUrl,
} from '../../utils/platforms/read-dom';
import { ExtractedPost } from '../../utils/platforms/types';
import { parseInert } from '../../test-support/dom-fixtures';

const element = (html: string) => parseInert(html).firstElementChild!;

describe('flowText: text as laid out with white-space: normal', () => {
  test('source indentation collapses; <br> breaks lines; blocks start lines; <p> makes paragraphs', () => {
    expect(flowText(element(`<div>
        Die
        Maus</div>`))).toBe('Die Maus');
    expect(flowText(element('<div><p>one<br>two</p><p>three</p></div>'))).toBe('one\ntwo\n\nthree');
    expect(flowText(element('<div><div>a</div><div>b</div><div><div>c</div></div></div>'))).toBe('a\nb\nc');
  });

  test('emoji drawn as <img alt> or <b> inside <i class="emoji"> are kept; scripts and svg titles are not text', () => {
    expect(flowText(element('<div>hi <img alt="🌊"> <i class="emoji"><b>🧑‍🚒</b></i><script>x()</script><svg><title>t</title></svg></div>'))).toBe('hi 🌊 🧑‍🚒');
  });

  test('no-break spaces are text; page text cannot forge line breaks', () => {
    expect(flowText(element('<div>a&nbsp;b</div>'))).toBe('a\u00a0b');
    expect(flowText(element('<div>a\u0002b\u0001c</div>'))).toBe('a b c');
  });
});

describe('other readers', () => {
  test("ownFirst: ownAll's first (that passes the test), never a nested post's", () => {
    const post = element(`<div class="post" id="p"><div class="post"><ul class="bar" id="nested"></ul></div>
      <ul class="bar" id="empty"></ul><ul class="bar" id="own"><li><button></button></li></ul></div>`);
    const hasButton = (bar: Element) => bar.querySelector('button') !== null;
    expect(ownFirst(post, 'ul.bar', 'div.post')?.id).toBe('empty');
    expect(ownFirst(post, 'ul.bar', 'div.post', hasButton)?.id).toBe('own');
    expect(ownFirst(post, 'ul.bar', 'div.post', hasButton)).toBe(ownAll(post, 'ul.bar', 'div.post').find(hasButton));
    expect(ownFirst(post, 'ol', 'div.post')).toBeNull();
    expect(ownFirst(post, 'ul.bar', 'div.post', () => false)).toBeNull();
  });

  test('backgroundImageUrl: quoted or not, http(s) only', () => {
    expect(backgroundImageUrl(element(`<i style="width:1px;background-image:url('https://cdn.example/a.jpg')"></i>`), 'https://t.me')?.href).toBe('https://cdn.example/a.jpg');
    expect(backgroundImageUrl(element('<i style="background-image: url(&quot;//cdn.example/b.jpg&quot;)"></i>'), 'https://t.me')?.href).toBe('https://cdn.example/b.jpg');
    expect(backgroundImageUrl(element('<i style="background-image:url(javascript:alert(1))"></i>'), 'https://t.me')).toBeNull();
    expect(backgroundImageUrl(element('<i style="background-image: url(&quot;&quot;)"></i>'), 'https://t.me')).toBeNull();
  });

  test('widestSrcsetUrl: the largest w descriptor', () => {
    expect(widestSrcsetUrl('https://a.example/s.jpg 320w, https://a.example/l.jpg?x=1,2 1080w, https://a.example/m.jpg 640w', 'https://a.example')?.href).toBe(
      'https://a.example/l.jpg?x=1,2',
    );
    expect(widestSrcsetUrl('https://a.example/x.jpg 2x', 'https://a.example')).toBeNull();
    expect(widestSrcsetUrl(null, 'https://a.example')).toBeNull();
  });

  test('commonAncestor', () => {
    const root = element('<div><span><b id="a"></b></span><i><u id="b"></u></i></div>');
    expect(commonAncestor(root.querySelector('#a')!, root.querySelector('#b')!)).toBe(root);
  });

  test('isoDatetime keeps valid ISO date-times, normalises +hhmm, rejects the rest', () => {
    expect(isoDatetime('2024-12-05T13:10:40+00:00')).toBe('2024-12-05T13:10:40+00:00');
    expect(isoDatetime('2026-07-31T12:03:50.281000+0000')).toBe('2026-07-31T12:03:50.281Z');
    expect(isoDatetime('2026-13-01T00:00:00Z')).toBeUndefined();
    expect(isoDatetime('yesterday')).toBeUndefined();
    expect(isoDatetime(null)).toBeUndefined();
  });

  test('isoFromEpochMs: whole seconds without .000, nonsense rejected', () => {
    expect(isoFromEpochMs(1_762_961_783_000)).toBe('2025-11-12T15:36:23Z');
    expect(isoFromEpochMs(1_769_471_727_431)).toBe('2026-01-26T23:55:27.431Z');
    expect(isoFromEpochMs(42)).toBeUndefined();
    expect(isoFromEpochMs(Number.NaN)).toBeUndefined();
  });
});

describe('extractedPost', () => {
  const post: ExtractedPost = { platform: 'mastodon', url: 'https://social.example/@a/1', pageUrl: 'https://social.example/home', media: [], quoted: [] };

  test('leaves out empty optional fields, and a post id too long to be one', () => {
    expect(extractedPost({ ...post, postId: '', text: '' })).toEqual(post);
    expect(extractedPost({ ...post, postId: 'A'.repeat(201) })).toEqual(post);
    expect(extractedPost({ ...post, postId: '110' })).toEqual({ ...post, postId: '110' });
  });

  test('a page address over the bound (a long search) gives way to the post\'s own', () => {
    const search = `https://social.example/search?q=${'a'.repeat(2100)}`;
    const fromSearch = extractedPost({ ...post, pageUrl: search });
    expect(fromSearch.pageUrl).toBe(post.url);
    expect(ExtractedPost.safeParse(fromSearch).success).toBe(true);
    const account = { handle: 'a', url: 'https://social.example/@a', recentPosts: [] };
    expect(accountPost('mastodon', account, search).pageUrl).toBe(account.url);
  });

});
