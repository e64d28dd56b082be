import { describe, expect, test } from 'vitest';
import { explainRefusal } from '../../utils/background/locate-streams';
import { TIKTOK_NEEDS_COOKIES, tiktokAdapter as tiktok, tiktokIdTime } from '../../utils/platforms/tiktok';
import { DECORATED_ATTRIBUTE, decoratePosts, REPORT_ACTION_SELECTOR } from '../../utils/content/report-button';
import { ExtractedPost } from '../../utils/platforms/types';
import { parseInert, readDomFixture } from '../../test-support/dom-fixtures';
import { postFrom, postsInCapture } from './hand-built';

const FIRST_CAPTION =
  'La nueva locurilla de fin de año: me he puesto un uniforme de trabajo 🔥 Mi menú Mystery King de @burgerking_es ' +
  'ya disponible: BRUJILLO JUAN 🔮 Un juego de 23 cartas coleccionables hechas por el genio Fran Molina, para que ' +
  'juguéis a leeros el futuro con vuestros colegas de risas. El verdadero misterio es estar currando algo ' +
  'últimamente. Gracias a @esperanzagraciaoficial por su cercanía y acceder a participar en esta maravilla. ' +
  'Espero que os guste ❤️';

const illojuan = { handle: '@illojuan', url: 'https://www.tiktok.com/@illojuan' };

/** The captures' scripts are emptied: their page data names no file, which the video medium says. */
const NO_FILE = "TikTok's page data names no file for this video: only its poster frame was hashed";
const unnamedVideo = (cover: string) => ({ kind: 'video', sourceUrl: 'https://www.tiktokcdn.com/', thumbnailUrl: cover, error: NO_FILE });

describe('tiktok adapter on the video page feed', () => {
  const pageUrl = 'https://www.tiktok.com/@illojuan/video/7571863205253778710';
  const items = postsInCapture(tiktok, 'tiktok/tiktok_video_page_illojuan_2025-12.html');
  /** The items that get a button: a hollow one has no key yet (types.ts, postKey). */
  const posts = items.filter((post) => tiktok.postKey?.(post) !== null);

  test('finds the 2 hydrated items of 13; hollow ones get no button yet', () => {
    // Every item matches the post selector (no `:has()` there: types.ts); a hollow one has no key, so no button.
    expect(items).toHaveLength(13);
    expect(posts).toHaveLength(2);
    expect(tiktok.postKey?.(items[5]!)).toBeNull();
    expect(tiktok.extract(items[5]!, pageUrl)).toBeNull();
    const root = document.createElement('div');
    root.append(parseInert(readDomFixture('tiktok/tiktok_video_page_illojuan_2025-12.html')));
    const done = new AbortController();
    decoratePosts(tiktok, root, 'Report', done.signal);
    done.abort();
    const decorated = [...root.querySelectorAll('article[data-e2e="recommend-list-item-container"]')].filter((item) =>
      item.querySelector(REPORT_ACTION_SELECTOR),
    );
    expect(decorated.map((item) => tiktok.postKey?.(item))).toEqual(['7571863205253778710', '7586458564600827138']);
  });

  test('a hollow item gets its button when it hydrates (the feed fills the same <article>)', async () => {
    const root = document.createElement('div');
    root.innerHTML = '<article data-e2e="recommend-list-item-container"></article>';
    document.body.append(root);
    const done = new AbortController();
    decoratePosts(tiktok, root, 'Report', done.signal);
    const item = root.firstElementChild!;
    expect(item.querySelector(REPORT_ACTION_SELECTOR)).toBeNull();
    item.innerHTML = posts[1]!.innerHTML;
    await new Promise((resolve) => setTimeout(resolve, 0));
    done.abort();
    root.remove();
    expect(item.querySelectorAll(REPORT_ACTION_SELECTOR)).toHaveLength(1);
    expect(item.getAttribute(DECORATED_ATTRIBUTE)).toBe('7586458564600827138');
  });

  test('first item: id from the player, time from the id, the poster frame (the video is a blob:)', () => {
    const post = tiktok.extract(posts[0]!, pageUrl);
    expect(post).toEqual({
      platform: 'tiktok',
      url: 'https://www.tiktok.com/@illojuan/video/7571863205253778710',
      pageUrl,
      postId: '7571863205253778710',
      author: illojuan,
      postedAt: '2025-11-12T15:36:23Z',
      text: FIRST_CAPTION,
      media: [
        {
          kind: 'poster',
          sourceUrl:
            'https://p16-pu-sign-no.tiktokcdn-eu.com/tos-no1a-p-0037-no/ooUXSB6YvXBIAith9R4slXPiZqs4BNaA8UHIA~tplv-tiktokx-origin.image?dr=10395&x-expires=1767265200&x-signature=N8J0XBf7EWZpnZQFJfKpHN6mqFI%3D&t=4d5b0474&ps=13740610&shp=81f88b70&shcp=43f4a2f9&idc=no1a',
        },
        unnamedVideo('https://p16-pu-sign-no.tiktokcdn-eu.com/tos-no1a-p-0037-no/ooUXSB6YvXBIAith9R4slXPiZqs4BNaA8UHIA~tplv-tiktokx-origin.image?dr=10395&x-expires=1767265200&x-signature=N8J0XBf7EWZpnZQFJfKpHN6mqFI%3D&t=4d5b0474&ps=13740610&shp=81f88b70&shcp=43f4a2f9&idc=no1a'),
      ],
      quoted: [],
    });
    expect(post?.text?.startsWith('La nueva locurilla de fin de año: me he puesto un uniforme d')).toBe(true);
  });

  test('second item: its lazy data: poster is skipped', () => {
    expect(tiktok.extract(posts[1]!, pageUrl)).toEqual({
      platform: 'tiktok',
      url: 'https://www.tiktok.com/@lacasa2edicion/video/7586458564600827138',
      pageUrl,
      postId: '7586458564600827138',
      author: { handle: '@lacasa2edicion', url: 'https://www.tiktok.com/@lacasa2edicion' },
      postedAt: '2025-12-21T23:33:50Z',
      text: '😅😂 #ruth #empoderada #ruthempoderada',
      media: [{ kind: 'video', sourceUrl: 'https://www.tiktokcdn.com/', error: NO_FILE }],
      quoted: [],
    });
  });

  test('buttonSlot is the action column; postKey is the id', () => {
    const slot = tiktok.buttonSlot(posts[0]!);
    expect(slot?.localName).toBe('section');
    expect(slot?.querySelector('[data-e2e="like-count"]')?.textContent).toBe('25.5K');
    expect(posts.map((post) => tiktok.postKey?.(post))).toEqual(['7571863205253778710', '7586458564600827138']);
  });
});

describe('tiktok adapter on the profile grid', () => {
  const pageUrl = 'https://www.tiktok.com/@illojuan';
  const posts = postsInCapture(tiktok, 'tiktok/tiktok_profile_grid_illojuan_2025-12.html');

  test('finds the 18 tiles', () => {
    expect(posts).toHaveLength(18);
  });

  test('first tile: same post; its text is only the cover image alt, as TikTok writes it', () => {
    expect(tiktok.extract(posts[0]!, pageUrl)).toEqual({
      platform: 'tiktok',
      url: 'https://www.tiktok.com/@illojuan/video/7571863205253778710',
      pageUrl,
      postId: '7571863205253778710',
      author: illojuan,
      postedAt: '2025-11-12T15:36:23Z',
      text: `${FIRST_CAPTION} created by IlloJuan with IlloJuan’s original sound - IlloJuan`,
      media: [
        {
          kind: 'poster',
          sourceUrl:
            'https://p16-pu-sign-no.tiktokcdn-eu.com/tos-no1a-p-0037-no/oEpFAixTQAKmCk3CIEAprFAfAVFIlkfSpgsDZE~tplv-tiktokx-origin.image?dr=10395&x-expires=1767272400&x-signature=Li08xpB4jXNl8NqvWQynSOnIBwA%3D&t=4d5b0474&ps=13740610&shp=81f88b70&shcp=43f4a2f9&idc=no1a',
        },
        unnamedVideo('https://p16-pu-sign-no.tiktokcdn-eu.com/tos-no1a-p-0037-no/oEpFAixTQAKmCk3CIEAprFAfAVFIlkfSpgsDZE~tplv-tiktokx-origin.image?dr=10395&x-expires=1767272400&x-signature=Li08xpB4jXNl8NqvWQynSOnIBwA%3D&t=4d5b0474&ps=13740610&shp=81f88b70&shcp=43f4a2f9&idc=no1a'),
      ],
      quoted: [],
    });
    expect(tiktok.buttonSlot(posts[0]!)).toBeNull();
  });

  test('every tile has its own id and time', () => {
    const ids = posts.map((post) => tiktok.extract(post, pageUrl)?.postId);
    expect(new Set(ids).size).toBe(18);
    expect(tiktok.extract(posts[17]!, pageUrl)?.postedAt).toBe(tiktokIdTime(ids[17]!));
  });
});

describe('tiktok adapter details', () => {
  test('the id is a snowflake: top 32 bits are unix seconds (BigInt, the id exceeds 2^53)', () => {
    expect(tiktokIdTime('7571863205253778710')).toBe('2025-11-12T15:36:23Z');
    expect(tiktokIdTime('7586458564600827138')).toBe('2025-12-21T23:33:50Z');
    expect(tiktokIdTime('42')).toBeUndefined();
    expect(tiktokIdTime('not a number')).toBeUndefined();
  });

  test('a direct https video is the video, the cover its thumbnail; a photo post is an image', () => {
    const video = postFrom(
      tiktok,
      `<div data-e2e="user-post-item"><a href="/@someone/video/7571863205253778710"><picture><img src="https://p16-sign.tiktokcdn-us.com/cover.image"></picture>
        <video src="https://v16-webapp.tiktokcdn-us.com/video/tos/abc.mp4"></video></a></div>`,
    );
    expect(tiktok.extract(video, 'https://www.tiktok.com/@someone')?.media).toEqual([
      { kind: 'video', sourceUrl: 'https://v16-webapp.tiktokcdn-us.com/video/tos/abc.mp4', thumbnailUrl: 'https://p16-sign.tiktokcdn-us.com/cover.image' },
    ]);
    const photo = postFrom(
      tiktok,
      `<div data-e2e="user-post-item"><a href="https://www.tiktok.com/@someone/photo/7571863205253778711"><picture><img alt="a caption" src="https://p16-sign.tiktokcdn-us.com/photo.image"></picture></a></div>`,
    );
    expect(tiktok.extract(photo, 'https://www.tiktok.com/@someone')).toMatchObject({
      url: 'https://www.tiktok.com/@someone/photo/7571863205253778711',
      text: 'a caption',
      media: [{ kind: 'image', sourceUrl: 'https://p16-sign.tiktokcdn-us.com/photo.image' }],
    });
  });

  test('every fixture post passes the ExtractedPost schema', () => {
    const posts = [
      ...postsInCapture(tiktok, 'tiktok/tiktok_video_page_illojuan_2025-12.html'),
      ...postsInCapture(tiktok, 'tiktok/tiktok_profile_grid_illojuan_2025-12.html'),
    ].filter((post) => tiktok.postKey?.(post) !== null);
    expect(posts).toHaveLength(20);
    for (const post of posts) {
      expect(() => ExtractedPost.parse(tiktok.extract(post, 'https://www.tiktok.com/foryou'))).not.toThrow();
    }
  });

  test('a tile link in any form TikTok or a browser writes it names the same post', () => {
    const id = '7571863205253778710';
    const canonical = `https://www.tiktok.com/@some.one/video/${id}`;
    const forms = [
      `/@some.one/video/${id}`, `/@some.one/video/${id}/`, canonical, `https://m.tiktok.com/@some.one/video/${id}`,
      `http://tiktok.com/@some.one/video/${id}`, `/@some.one/video/${id}?is_from_webapp=1#top`, `HTTPS://WWW.TIKTOK.COM/@some.one/video/${id}`,
      `//www.tiktok.com/@some.one/video/${id}`, `/@some.one/./video/${id}`,
    ];
    for (const href of forms) {
      const tile = postFrom(tiktok, `<div data-e2e="user-post-item"><a href="${href}">x</a></div>`);
      expect({ href, permalink: tiktok.permalink!(tile, 'https://www.tiktok.com/@some.one'), key: tiktok.postKey!(tile) }).toEqual({ href, permalink: canonical, key: id });
    }
    for (const href of [`https://evil.example/@some.one/video/${id}`, `/@some.one/videos/${id}`, `/@some one/video/${id}`]) {
      expect(tiktok.permalink!(postFrom(tiktok, `<div data-e2e="user-post-item"><a href="${href}">x</a></div>`), 'https://www.tiktok.com/')).toBeNull();
    }
  });

  test('bare or empty posts: null, no throw', () => {
    const tile = postFrom(tiktok, '<div data-e2e="user-post-item"></div>');
    expect(tiktok.extract(tile, 'https://www.tiktok.com/')).toBeNull();
    const item = document.createElement('article');
    item.setAttribute('data-e2e', 'recommend-list-item-container');
    expect(tiktok.extract(item, 'https://www.tiktok.com/')).toBeNull();
    expect(tiktok.buttonSlot(item)).toBeNull();
    expect(tiktok.postKey?.(item)).toBeNull();
  });

  test('hostile markup: foreign hosts and non-http sources are ignored', () => {
    const post = postFrom(
      tiktok,
      `<div data-e2e="user-post-item"><a href="https://evil.example/@x/video/7571863205253778710">x</a>
        <a href="javascript:alert(1)">x</a><a href="/@real/video/7571863205253778710"><picture><img alt="${'a'.repeat(6000)}" src="javascript:alert(1)"></picture>
        <video src="blob:https://www.tiktok.com/1"></video></a></div>`,
    );
    const result = tiktok.extract(post, 'https://www.tiktok.com/');
    expect(result).toMatchObject({
      url: 'https://www.tiktok.com/@real/video/7571863205253778710',
      media: [{ kind: 'video', sourceUrl: 'https://www.tiktokcdn.com/', error: NO_FILE }],
    });
    expect(result?.text).toHaveLength(5000);
    expect(() => ExtractedPost.parse(result)).not.toThrow();
  });
});

describe('tiktok video files (hand-built page data: the captures\' scripts are emptied)', () => {
  const item = (playAddr: string) =>
    postFrom(
      tiktok,
      `<div data-e2e="user-post-item"><a href="/@real/video/7571863205253778710"><picture><img src="https://p16-sign.tiktokcdn-eu.com/cover.image"></picture>
        <video src="blob:https://www.tiktok.com/1"></video></a></div>
        <script type="application/json" id="__UNIVERSAL_DATA_FOR_REHYDRATION__">${JSON.stringify({
          __DEFAULT_SCOPE__: { 'webapp.video-detail': { itemInfo: { itemStruct: { id: '7571863205253778710', video: { playAddr, downloadAddr: '' } } } } },
        })}</script>`,
    );

  test('a file TikTok ties to its cookie (tt_chain_token, or its web host) is not fetched: the video says why, the cover stands in', () => {
    for (const url of [
      'https://v16-webapp-prime.tiktok.com/video/tos/useast2a/abc/?a=1988&mime_type=video_mp4&tk=tt_chain_token',
      'https://v16-webapp-prime.tiktokcdn-eu.com/video/tos/abc/?a=1988&tk=tt_chain_token',
    ]) {
      expect(tiktok.extract(item(url), 'https://www.tiktok.com/@real')?.media).toEqual([
        { kind: 'poster', sourceUrl: 'https://p16-sign.tiktokcdn-eu.com/cover.image' },
        { kind: 'video', sourceUrl: 'https://www.tiktokcdn.com/', thumbnailUrl: 'https://p16-sign.tiktokcdn-eu.com/cover.image', error: TIKTOK_NEEDS_COOKIES },
      ]);
    }
  });

  test('a file on the declared CDN without the cookie marker is tried', () => {
    const url = 'https://v16m-default.tiktokcdn-eu.com/video/tos/abc/?a=1988&mime_type=video_mp4';
    expect(tiktok.extract(item(url), 'https://www.tiktok.com/@real')?.media[1]).toEqual({
      kind: 'video', sourceUrl: url, thumbnailUrl: 'https://p16-sign.tiktokcdn-eu.com/cover.image',
    });
  });

  test('a 403 from the CDN is explained as the missing cookie (TikTok only)', () => {
    const refused = { ref: 'm2', kind: 'video' as const, sourceUrl: 'https://v16m-default.tiktokcdn-eu.com/v', hashes: [], error: 'fetch refused: HTTP 403' };
    expect(explainRefusal('tiktok', refused).error).toBe(TIKTOK_NEEDS_COOKIES);
    expect(explainRefusal('tiktok', { ...refused, error: 'fetch refused: HTTP 404' }).error).toBe('fetch refused: HTTP 404');
    expect(explainRefusal('x', refused).error).toBe('fetch refused: HTTP 403');
  });
});
