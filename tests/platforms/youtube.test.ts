import { describe, expect, test } from 'vitest';
import { ExtractedPost } from '../../utils/platforms/types';
import { youtubeAdapter as youtube } from '../../utils/platforms/youtube';
import { postFrom, postsInCapture, postsOf, readHandBuiltFixture } from './hand-built';

const still = (id: string, shown: string) => ({
  kind: 'image',
  sourceUrl: `https://i.ytimg.com/vi/${id}/maxresdefault.jpg`,
  thumbnailUrl: shown,
});

/** The video itself: its storyboard, which the background finds from the watch page (no spec on a grid). */
const storyboard = (id: string, spec?: string) => ({
  kind: 'video',
  sourceUrl: `https://i.ytimg.com/sb/${id}/`,
  thumbnailUrl: `https://i.ytimg.com/vi/${id}/hqdefault.jpg`,
  locate: { from: 'storyboard', videoId: id, ...(spec ? { spec } : {}) },
});

describe('youtube adapter on the home grid (yt-lockup-view-model)', () => {
  const pageUrl = 'https://www.youtube.com/';
  const posts = postsInCapture(youtube, 'youtube/home_grid_lockup_2025-12.html');

  test('finds the three grid items', () => {
    expect(posts).toHaveLength(3);
  });

  test('first item: channel, title and the maxres still; no time (only "8 years ago")', () => {
    expect(youtube.extract(posts[0]!, pageUrl)).toEqual({
      platform: 'youtube',
      url: 'https://www.youtube.com/watch?v=lJnQChnv1T4',
      pageUrl,
      postId: 'lJnQChnv1T4',
      author: { handle: '@diemaus', displayName: 'Die Maus', url: 'https://www.youtube.com/@diemaus' },
      text: 'MausSpots (Folge 09) | DieMaus | WDR',
      media: [
        still(
          'lJnQChnv1T4',
          'https://i.ytimg.com/vi/lJnQChnv1T4/hq720.jpg?sqp=-oaymwEnCNAFEJQDSFryq4qpAxkIARUAAIhCGAHYAQHiAQoIGBACGAY4AUAB&rs=AOn4CLD-wmXDJOoWZnXEeq9dSfsGBR0uhw',
        ), storyboard('lJnQChnv1T4'),
      ],
      quoted: [],
    });
  });

  test('the other items: a Polish UI and a live stream read the same way', () => {
    expect(youtube.extract(posts[1]!, pageUrl)).toMatchObject({
      url: 'https://www.youtube.com/watch?v=PlWHeR6k_VY',
      author: { handle: '@techlinked', displayName: 'TechLinked' },
      text: 'So It Begins...',
    });
    expect(youtube.extract(posts[2]!, pageUrl)).toMatchObject({
      url: 'https://www.youtube.com/watch?v=kPyrIZX95f8',
      author: { handle: '@MrKirlen', displayName: 'MrKirlen' },
      text: 'Od 0 na nowym Polskim serwerze - The Enclave!',
      media: [{ sourceUrl: 'https://i.ytimg.com/vi/kPyrIZX95f8/maxresdefault.jpg' }, storyboard('kPyrIZX95f8')],
    });
    for (const post of posts) expect(youtube.extract(post, pageUrl)).not.toHaveProperty('postedAt');
  });

  test('buttonSlot is the metadata rows under the title; postKey is the video id', () => {
    expect(youtube.buttonSlot(posts[0]!)?.localName).toBe('yt-content-metadata-view-model');
    expect(posts.map((post) => youtube.postKey?.(post))).toEqual(['lJnQChnv1T4', 'PlWHeR6k_VY', 'kPyrIZX95f8']);
  });

  test('a recycled renderer: the key follows the video it now shows', () => {
    const post = posts[0]!.cloneNode(true) as Element;
    for (const a of post.querySelectorAll('a[href="/watch?v=lJnQChnv1T4"]')) a.setAttribute('href', '/watch?v=AAAAAAAAAAA');
    expect(youtube.postKey?.(post)).toBe('AAAAAAAAAAA');
    expect(youtube.extract(post, pageUrl)?.url).toBe('https://www.youtube.com/watch?v=AAAAAAAAAAA');
  });
});

describe('youtube adapter on the legacy grid item (ytd-rich-grid-media)', () => {
  test('channel from the link, not the hidden avatar link; Polish relative time ignored', () => {
    const pageUrl = 'https://www.youtube.com/';
    const [post, ...rest] = postsInCapture(youtube, 'youtube/home_grid_legacy_richgridmedia_2025-09.html');
    expect(rest).toHaveLength(0);
    expect(youtube.extract(post!, pageUrl)).toEqual({
      platform: 'youtube',
      url: 'https://www.youtube.com/watch?v=EKPdg-aZ468',
      pageUrl,
      postId: 'EKPdg-aZ468',
      author: {
        handle: '@pcsecuritychannel',
        displayName: 'PC Security Channel',
        url: 'https://www.youtube.com/@pcsecuritychannel',
      },
      text: 'Rosyjscy oszuści zhakowali mój Steam',
      media: [
        still(
          'EKPdg-aZ468',
          'https://i.ytimg.com/vi/EKPdg-aZ468/hq720.jpg?sqp=-oaymwEnCNAFEJQDSFryq4qpAxkIARUAAIhCGAHYAQHiAQoIGBACGAY4AUAB&rs=AOn4CLA_SPDEAIScIILbmFYr3wkkw1vu-w',
        ), storyboard('EKPdg-aZ468'),
      ],
      quoted: [],
    });
    expect(youtube.buttonSlot(post!)?.localName).toBe('ytd-video-meta-block');
  });
});

describe('youtube adapter on the watch page (hand-built fixture)', () => {
  const [post, ...rest] = postsOf(youtube, readHandBuiltFixture('youtube_watch_handbuilt.html'));

  test('the metadata block is the post; the page URL names the video', () => {
    expect(rest).toHaveLength(0);
    const pageUrl = 'https://www.youtube.com/watch?v=Qx7bN2kLp4E&t=42s';
    expect(youtube.extract(post!, pageUrl)).toEqual({
      platform: 'youtube',
      url: 'https://www.youtube.com/watch?v=Qx7bN2kLp4E',
      pageUrl,
      postId: 'Qx7bN2kLp4E',
      author: { handle: '@riverworks-example', displayName: 'River Works', url: 'https://www.youtube.com/@riverworks-example' },
      text: 'How the river flood barriers were built',
      // No still is shown on the watch page: the dialog gets hqdefault, which every video has.
      media: [still('Qx7bN2kLp4E', 'https://i.ytimg.com/vi/Qx7bN2kLp4E/hqdefault.jpg'), storyboard('Qx7bN2kLp4E')],
      quoted: [],
    });
  });

  test('off a watch URL, ytd-watch-flexy[video-id] names it; postKey reads the same', () => {
    expect(youtube.extract(post!, 'https://www.youtube.com/')?.postId).toBe('Qx7bN2kLp4E');
    expect(youtube.postKey?.(post!)).toBe('Qx7bN2kLp4E');
  });

  test('a channel mentioned in the description is not the author; no owner block, no author', () => {
    const copy = post!.cloneNode(true) as Element;
    copy.querySelector('#attributed-snippet-text')!.insertAdjacentHTML('afterbegin', '<a href="/@mentioned">@mentioned</a>');
    expect(youtube.extract(copy, 'https://www.youtube.com/watch?v=Qx7bN2kLp4E')?.author?.handle).toBe('@riverworks-example');
    copy.querySelector('ytd-video-owner-renderer')!.remove();
    const result = youtube.extract(copy, 'https://www.youtube.com/watch?v=Qx7bN2kLp4E');
    expect(result).not.toHaveProperty('author');
    expect(result?.text).toBe('How the river flood barriers were built');
  });

  test('buttonSlot is the like/share row', () => {
    expect(youtube.buttonSlot(post!)?.id).toBe('top-level-buttons-computed');
  });
});

describe('youtube adapter on Shorts (hand-built fixture)', () => {
  const posts = postsOf(youtube, readHandBuiltFixture('youtube_shorts_handbuilt.html'));
  const pageUrl = 'https://www.youtube.com/shorts/Zr5tQ8wLm1c';

  test('the active short is the page URL; the handle shown as name is no display name', () => {
    expect(posts).toHaveLength(2);
    expect(youtube.extract(posts[0]!, pageUrl)).toEqual({
      platform: 'youtube',
      url: 'https://www.youtube.com/shorts/Zr5tQ8wLm1c',
      pageUrl,
      postId: 'Zr5tQ8wLm1c',
      author: { handle: '@quickclips-example', url: 'https://www.youtube.com/@quickclips-example' },
      text: 'Bridge deck lift in 40 seconds #engineering',
      media: [still('Zr5tQ8wLm1c', 'https://i.ytimg.com/vi/Zr5tQ8wLm1c/hqdefault.jpg'), storyboard('Zr5tQ8wLm1c')],
      quoted: [],
    });
    expect(youtube.buttonSlot(posts[0]!)?.localName).toBe('reel-action-bar-view-model');
  });

  test('links inside a short (a related video, a mention) name neither the short nor its channel', () => {
    const post = posts[0]!.cloneNode(true) as Element;
    post.querySelector('h2 span')!.insertAdjacentHTML(
      'beforeend',
      '<a href="/@someone-else">@someone-else</a><a href="/watch?v=RRRRRRRRRRR">Related video</a>',
    );
    expect(youtube.extract(post, pageUrl)).toMatchObject({
      url: 'https://www.youtube.com/shorts/Zr5tQ8wLm1c',
      author: { handle: '@quickclips-example' },
    });
  });

  test('a preloaded neighbour is not the page URL’s video: null', () => {
    expect(youtube.extract(posts[1]!, pageUrl)).toBeNull();
    expect(youtube.extract(posts[0]!, 'https://www.youtube.com/')).toBeNull();
  });

  test('a Shorts lockup in the grid links to /shorts/<id>', () => {
    const post = postFrom(
      youtube,
      `<ytd-rich-item-renderer><ytm-shorts-lockup-view-model-v2><a href="/shorts/Zr5tQ8wLm1c"><img src="https://i.ytimg.com/vi/Zr5tQ8wLm1c/oardefault.jpg?sqp=x"></a>
        <h3><a href="/shorts/Zr5tQ8wLm1c"><span>Bridge deck lift</span></a></h3></ytm-shorts-lockup-view-model-v2></ytd-rich-item-renderer>`,
    );
    expect(youtube.extract(post, 'https://www.youtube.com/')).toEqual({
      platform: 'youtube',
      url: 'https://www.youtube.com/shorts/Zr5tQ8wLm1c',
      pageUrl: 'https://www.youtube.com/',
      postId: 'Zr5tQ8wLm1c',
      text: 'Bridge deck lift',
      media: [still('Zr5tQ8wLm1c', 'https://i.ytimg.com/vi/Zr5tQ8wLm1c/oardefault.jpg?sqp=x'), storyboard('Zr5tQ8wLm1c')],
      quoted: [],
    });
  });
});

describe('youtube adapter robustness', () => {
  test('every fixture post passes the ExtractedPost schema', () => {
    const posts = [
      ...postsInCapture(youtube, 'youtube/home_grid_lockup_2025-12.html'),
      ...postsInCapture(youtube, 'youtube/home_grid_legacy_richgridmedia_2025-09.html'),
      ...postsOf(youtube, readHandBuiltFixture('youtube_watch_handbuilt.html')),
      ...postsOf(youtube, readHandBuiltFixture('youtube_shorts_handbuilt.html')).slice(0, 1),
    ];
    expect(posts).toHaveLength(6);
    for (const post of posts) {
      expect(() => ExtractedPost.parse(youtube.extract(post, 'https://www.youtube.com/shorts/Zr5tQ8wLm1c'))).not.toThrow();
    }
  });

  test('bare renderers: skeletons and ad slots hold no post (postKey null: no button); extract is null, no throw', () => {
    const html = '<div><ytd-rich-item-renderer></ytd-rich-item-renderer><ytd-rich-item-renderer><ytd-ad-slot-renderer></ytd-ad-slot-renderer></ytd-rich-item-renderer></div>';
    expect(postsOf(youtube, html).map((item) => youtube.postKey?.(item))).toEqual([null, null]);
    for (const name of ['ytd-rich-item-renderer', 'ytd-watch-metadata', 'ytd-reel-video-renderer']) {
      const bare = document.createElement(name);
      expect(youtube.extract(bare, 'https://www.youtube.com/watch?v=Qx7bN2kLp4E')).toBeNull();
      expect(youtube.buttonSlot(bare)).toBeNull();
      // The watch page's block and a Short are a video before anything names it: they keep their button.
      expect(youtube.postKey?.(bare)).toBe(name === 'ytd-rich-item-renderer' ? null : '');
    }
  });

  test('hostile markup: foreign and non-http links are ignored, the title is capped', () => {
    const post = postFrom(
      youtube,
      `<ytd-rich-item-renderer>
        <a href="javascript:alert(1)//watch?v=BBBBBBBBBBB">x</a>
        <a href="https://evil.example/watch?v=CCCCCCCCCCC">x</a>
        <a href="/watch?v=DDDDDDDDDDD"><img src="https://evil.example/vi/DDDDDDDDDDD/hq720.jpg"></a>
        <a href="https://evil.example/@mallory">Mallory</a><a href="/@real">Real</a>
        <h3>${'a'.repeat(6000)}</h3>
      </ytd-rich-item-renderer>`,
    );
    const result = youtube.extract(post, 'https://www.youtube.com/');
    expect(result).toMatchObject({
      url: 'https://www.youtube.com/watch?v=DDDDDDDDDDD',
      author: { handle: '@real', displayName: 'Real' },
      media: [still('DDDDDDDDDDD', 'https://i.ytimg.com/vi/DDDDDDDDDDD/hqdefault.jpg'), storyboard('DDDDDDDDDDD')],
    });
    expect(result?.text).toHaveLength(5000);
    expect(() => ExtractedPost.parse(result)).not.toThrow();
  });
});
