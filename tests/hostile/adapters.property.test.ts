/**
 * Hostile pages, by property: the real saved pages (../shared/fixtures/dom) and the hand-built ones,
 * mutated the way a hostile or merely changing page could — nodes removed or duplicated, attributes
 * reordered or rewritten, `javascript:`/`data:`/`blob:` URLs, script in every text, huge text, deep
 * nesting. Whatever the page does, an adapter never throws past its boundary, never puts its button
 * outside the post, and everything it reports passes the schema with http(s) URLs only.
 * Replay a failure: see ./hostile-values.ts.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { adapters } from '../../utils/platforms';
import { ExtractedPost, type PlatformAdapter } from '../../utils/platforms/types';
import { describedFixtures } from '../../test-support/described-fixtures';
import { parseInert, readDomFixture } from '../../test-support/dom-fixtures';
import { readHandBuiltFixture } from '../platforms/hand-built';
import { hostileText, hostileUrl, propertyOptions } from './hostile-values';

interface Page {
  /** Shared capture (`platform/file.html`) or hand-built fixture (`file.html`, tests/fixtures/dom). */
  file: string;
  pageUrl: string;
}

/** The registry's adapters, as the content script gets them. */
const adapter = (platform: string): PlatformAdapter => adapters.find((candidate) => candidate.platform === platform)!;
const xAdapter = adapter('x');
const youtubeAdapter = adapter('youtube');
const tiktokAdapter = adapter('tiktok');
const telegramAdapter = adapter('telegram');
const redditAdapter = adapter('reddit');
const blueskyAdapter = adapter('bluesky');
const facebookAdapter = adapter('facebook');
const instagramAdapter = adapter('instagram');
const mastodonAdapter = adapter('mastodon');

const pages: [PlatformAdapter, Page[]][] = [
  [xAdapter, [
    { file: 'x/x_profile_timeline_lcMenci_2025-11-03.html', pageUrl: 'https://x.com/lcMenci' },
    { file: 'x/x_status_video_verge_capture-2025-12.html', pageUrl: 'https://x.com/verge/status/957383241714970624' },
    { file: 'x/x_status_linkcard_forbes_2026-01-27.html', pageUrl: 'https://x.com/Forbes/status/2016058596782670275' },
  ]],
  [youtubeAdapter, [
    { file: 'youtube/home_grid_lockup_2025-12.html', pageUrl: 'https://www.youtube.com/' },
    { file: 'youtube/home_grid_legacy_richgridmedia_2025-09.html', pageUrl: 'https://www.youtube.com/' },
    { file: 'youtube_watch_handbuilt.html', pageUrl: 'https://www.youtube.com/watch?v=Qx7bN2kLp4E&t=42s' },
    { file: 'youtube_shorts_handbuilt.html', pageUrl: 'https://www.youtube.com/shorts/Zr5tQ8wLm1c' },
  ]],
  [tiktokAdapter, [
    { file: 'tiktok/tiktok_video_page_illojuan_2025-12.html', pageUrl: 'https://www.tiktok.com/@illojuan/video/7571863205253778710' },
    { file: 'tiktok/tiktok_profile_grid_illojuan_2025-12.html', pageUrl: 'https://www.tiktok.com/@illojuan' },
  ]],
  [telegramAdapter, [{ file: 'telegram/tme_s_mchs_bryansk_2024-12-05.html', pageUrl: 'https://t.me/s/mchs_bryansk' }]],
  [redditAdapter, [
    { file: 'reddit/old_reddit_listing_things_2023-02-18.html', pageUrl: 'https://old.reddit.com/r/programming/' },
    { file: 'reddit_shreddit_feed_handbuilt.html', pageUrl: 'https://www.reddit.com/r/programming/' },
  ]],
  [blueskyAdapter, [
    { file: 'bluesky/bsky_post_thread_glendunlap_2026-01-27.html', pageUrl: 'https://bsky.app/profile/glendunlap.bsky.social/post/3mdegyw3ves2t' },
    { file: 'bluesky/bsky_profile_feed_stephenking_2026-01.html', pageUrl: 'https://bsky.app/profile/stephenking.bsky.social' },
  ]],
  [facebookAdapter, [{ file: 'facebook_feed_handbuilt.html', pageUrl: 'https://www.facebook.com/' }]],
  [instagramAdapter, [{ file: 'instagram_handbuilt.html', pageUrl: 'https://www.instagram.com/' }]],
  [mastodonAdapter, [{ file: 'mastodon_handbuilt.html', pageUrl: 'https://social.example/home' }]],
  // Every other platform's fixture, by what it says it stands for (test-support/described-fixtures.ts).
  ...describedFixtures().map(({ platform, file, url }): [PlatformAdapter, Page[]] => [adapter(platform), [{ file, pageUrl: url }]]),
];

test('every platform has a saved page here', () => {
  expect(new Set(pages.map(([{ platform }]) => platform))).toEqual(new Set(adapters.map(({ platform }) => platform)));
});

interface Sample {
  post: Element;
  pageUrl: string;
}

/**
 * A deep copy of `post` under shallow copies of its ancestors, in a fragment of its own: `closest()`
 * sees the same page around the post, and nothing of the run outlives it (a copy swapped into the
 * shared page would stay reachable from happy-dom's selector caches on its ancestors).
 */
function inPlaceCopy(post: Element): Element {
  const copy = post.cloneNode(true) as Element;
  let top: Node = copy;
  for (let ancestor = post.parentElement; ancestor; ancestor = ancestor.parentElement) {
    const shell = ancestor.cloneNode(false);
    shell.appendChild(top);
    top = shell;
  }
  document.createDocumentFragment().appendChild(top);
  return copy;
}

function samplesOf(adapter: PlatformAdapter, list: Page[]): Sample[] {
  return list.flatMap(({ file, pageUrl }) => {
    const html = file.includes('/') ? readDomFixture(file) : readHandBuiltFixture(file);
    // Parsed once; each run mutates a copy (inPlaceCopy).
    const posts = Array.from(parseInert(html).querySelectorAll(adapter.postSelector));
    return posts.map((post) => ({ post, pageUrl }));
  });
}

test('on every saved page no post holds another: the feed looks for new posts only outside posts', () => {
  for (const [adapter, list] of pages) {
    for (const { post } of samplesOf(adapter, list)) expect(post.querySelector(adapter.postSelector)).toBeNull();
  }
});

// ---------------------------------------------------------------------------
// Mutations: `at` picks a node of the post (itself included) when applied, modulo how many there are.
// ---------------------------------------------------------------------------

/** Attributes adapters read URLs, times and ids from. */
const READ_ATTRIBUTES = [
  'href', 'src', 'srcset', 'poster', 'style', 'datetime', 'alt', 'aria-label', 'title', 'dir', 'tabindex',
  'data-testid', 'data-e2e', 'data-permalink', 'data-fullname', 'data-url', 'data-post', 'data-id', 'content-href',
  'permalink', 'author', 'created-timestamp', 'post-title', 'content',
];
/** An absolute, protocol-relative or root-relative URL. */
const LINKISH = /^((https?:)?\/\/|\/)/;
const INSERTED_TAGS = ['a', 'img', 'video', 'source', 'time', 'picture', 'div', 'span', 'article', 'p', 'br'];

type Mutation =
  | { kind: 'remove'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'unwrap'; at: number }
  | { kind: 'move'; at: number; to: number }
  | { kind: 'reorder'; at: number; order: number[] }
  | { kind: 'text'; at: number; value: string }
  | { kind: 'attribute'; at: number; name: string; existing: number | null; value: string }
  | { kind: 'rescheme'; at: number; scheme: string }
  | { kind: 'nest'; at: number; depth: number }
  | { kind: 'insert'; at: number; tag: string; url: string; text: string };

const at = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), at }),
  fc.record({ kind: fc.constant('duplicate' as const), at }),
  fc.record({ kind: fc.constant('unwrap' as const), at }),
  fc.record({ kind: fc.constant('move' as const), at, to: fc.nat() }),
  fc.record({ kind: fc.constant('reorder' as const), at, order: fc.array(fc.nat(), { maxLength: 8 }) }),
  fc.record({ kind: fc.constant('text' as const), at, value: hostileText }),
  fc.record({
    kind: fc.constant('attribute' as const),
    at,
    name: fc.constantFrom(...READ_ATTRIBUTES),
    existing: fc.option(fc.nat()),
    value: fc.oneof(hostileUrl, hostileText),
  }),
  fc.record({
    kind: fc.constant('rescheme' as const),
    at,
    scheme: fc.constantFrom('javascript:', 'data:', 'blob:', 'vbscript:', 'file:', 'ftp:', 'chrome-extension:', ' javascript:'),
  }),
  fc.record({ kind: fc.constant('nest' as const), at, depth: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ kind: fc.constant('insert' as const), at, tag: fc.constantFrom(...INSERTED_TAGS), url: hostileUrl, text: hostileText }),
);

function nodesOf(root: Element): Node[] {
  const nodes: Node[] = [root];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) nodes.push(walker.currentNode);
  return nodes;
}

const elementAt = (root: Element, index: number): Element => {
  const elements = nodesOf(root).filter((node): node is Element => node.nodeType === Node.ELEMENT_NODE);
  return elements[index % elements.length]!;
};

/** Applies one mutation to the subtree of `root` (never removes `root` itself). */
function apply(root: Element, change: Mutation): void {
  const doc = root.ownerDocument;
  switch (change.kind) {
    case 'remove': {
      const nodes = nodesOf(root).slice(1);
      if (nodes.length > 0) (nodes[change.at % nodes.length] as ChildNode).remove();
      return;
    }
    case 'duplicate': {
      const el = elementAt(root, change.at);
      if (el !== root) el.after(el.cloneNode(true));
      return;
    }
    case 'unwrap': {
      // The element goes, its children stay where it was: a wrapper the page stopped drawing.
      const el = elementAt(root, change.at);
      if (el !== root) el.replaceWith(...Array.from(el.childNodes));
      return;
    }
    case 'move': {
      const el = elementAt(root, change.at);
      const destination = elementAt(root, change.to);
      if (el !== root && !el.contains(destination)) destination.append(el);
      return;
    }
    case 'reorder': {
      const el = elementAt(root, change.at);
      const attributes = Array.from(el.attributes, (a) => [a.name, a.value] as const);
      const shuffled = [...attributes];
      change.order.forEach((swap, i) => {
        const j = swap % shuffled.length;
        const k = i % shuffled.length;
        [shuffled[j], shuffled[k]] = [shuffled[k]!, shuffled[j]!];
      });
      for (const [name] of attributes) el.removeAttribute(name);
      for (const [name, value] of shuffled) el.setAttribute(name, value);
      return;
    }
    case 'text': {
      const nodes = nodesOf(root);
      const node = nodes[change.at % nodes.length]!;
      if (node.nodeType === Node.TEXT_NODE) node.nodeValue = change.value;
      else if (node !== root) node.textContent = change.value;
      else root.append(doc.createTextNode(change.value));
      return;
    }
    case 'attribute': {
      const el = elementAt(root, change.at);
      const present = Array.from(el.attributes, (a) => a.name);
      const name = change.existing !== null && present.length > 0 ? present[change.existing % present.length]! : change.name;
      el.setAttribute(name, change.value);
      return;
    }
    case 'rescheme': {
      // Every URL-looking attribute of one element keeps its host and path under another scheme.
      const linked = nodesOf(root).filter(
        (node): node is Element => node.nodeType === Node.ELEMENT_NODE && Array.from((node as Element).attributes).some((a) => LINKISH.test(a.value)),
      );
      const el = linked[change.at % linked.length];
      if (!el) return;
      for (const { name, value } of Array.from(el.attributes)) {
        if (/^(https?:)?\/\//.test(value)) el.setAttribute(name, value.replace(/^(https?:)?\/\//, `${change.scheme}//`));
        else if (value.startsWith('/')) el.setAttribute(name, `${change.scheme}${value}`);
      }
      return;
    }
    case 'nest': {
      const el = elementAt(root, change.at);
      let inner = el;
      for (let i = 0; i < change.depth; i++) {
        const wrapper = doc.createElement(i % 2 ? 'span' : 'div');
        inner.append(wrapper);
        inner = wrapper;
      }
      // The original children move to the bottom of the new stack: their selectors still match.
      for (const child of Array.from(el.childNodes)) if (child !== el.lastChild) inner.append(child);
      return;
    }
    case 'insert': {
      const el = doc.createElement(change.tag);
      for (const name of ['href', 'src', 'poster', 'srcset', 'datetime']) el.setAttribute(name, change.url);
      el.setAttribute('style', `background-image: url("${change.url}")`);
      el.setAttribute('alt', change.text);
      el.append(doc.createTextNode(change.text));
      elementAt(root, change.at).append(el);
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// What must hold whatever the page did
// ---------------------------------------------------------------------------

/** Every string under a key that names a URL, with its path, in an extracted post. */
function urlFields(value: unknown, path = ''): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => urlFields(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) =>
    typeof item === 'string' && /url$/i.test(key) ? [[`${path}.${key}`, item] as [string, string]] : urlFields(item, `${path}.${key}`),
  );
}

function isReportableUrl(raw: string): boolean {
  // Serialised URLs never hold raw spaces, controls, quotes or angle brackets.
  if (!/^https?:\/\//.test(raw) || /[\s\u0000-\u001f\u007f<>"`]/.test(raw)) return false;
  try {
    return ['http:', 'https:'].includes(new URL(raw).protocol);
  } catch {
    return false;
  }
}

function checkPost(adapter: PlatformAdapter, post: Element, pageUrl: string): void {
  const extracted = adapter.extract(post, pageUrl);
  const slot = adapter.buttonSlot(post);
  // A button outside its post would report whatever post the page put around it.
  if (slot && !post.contains(slot)) throw new Error(`buttonSlot outside the post: <${slot.localName}>`);
  adapter.postKey?.(post);
  if (extracted === null) return;
  const parsed = ExtractedPost.safeParse(extracted);
  if (!parsed.success) throw new Error(`not an ExtractedPost: ${parsed.error.message}`);
  for (const [path, url] of urlFields(extracted)) {
    if (!isReportableUrl(url)) throw new Error(`${path} is not an http(s) URL: ${JSON.stringify(url.slice(0, 200))}`);
  }
  // Where the platform's hosts are known, a link the page planted cannot make the report name, or the
  // background fetch, another site (Mastodon federates: its posts and media live on any host).
  if (adapter.matches.length === 0) return;
  const onHosts = (url: string, patterns: string[]) => patterns.some((pattern) => matchesPattern(pattern, url));
  const platformHosts = adapter.matches.map((pattern) => pattern.replace(/(https:\/\/[^/]+\/).*$/, '$1*'));
  if (!onHosts(extracted.url, platformHosts)) throw new Error(`url off the platform: ${extracted.url}`);
  for (const medium of extracted.media) {
    for (const url of [medium.sourceUrl, medium.thumbnailUrl ?? medium.sourceUrl]) {
      if (!onHosts(url, adapter.mediaHosts)) throw new Error(`medium off the platform's media hosts: ${url}`);
    }
  }
}

/** Match-pattern semantics, enough for the adapters' https patterns: `*.host` and a path prefix. */
function matchesPattern(pattern: string, raw: string): boolean {
  const [, host = '', path = ''] = /^https:\/\/([^/]+)(\/.*)$/.exec(pattern) ?? [];
  const url = new URL(raw);
  const hostOk = host.startsWith('*.') ? url.hostname === host.slice(2) || url.hostname.endsWith(host.slice(1)) : url.hostname === host;
  return url.protocol === 'https:' && hostOk && url.pathname.startsWith(path.replace(/\*$/, ''));
}

describe.each(pages.map(([adapter, list]) => [adapter.platform, adapter, list] as const))(
  '%s: hostile versions of its pages',
  (_platform, adapter, list) => {
    const samples = samplesOf(adapter, list);

    test('the unmutated pages pass the same checks', () => {
      expect(samples.length).toBeGreaterThan(0);
      for (const { post, pageUrl } of samples) checkPost(adapter, post, pageUrl);
    });

    test('mutated pages: no throw, button inside the post, only schema-valid http(s) output', () => {
      fc.assert(
        fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), (pick, changes) => {
          const { post, pageUrl } = samples[pick % samples.length]!;
          const copy = inPlaceCopy(post);
          for (const change of changes) apply(copy, change);
          checkPost(adapter, copy, pageUrl);
        }),
        propertyOptions(40),
      );
    }, 60_000);
  },
);

describe('found by the properties', () => {
  test('a medium the page planted on another host is not reported (the background would fetch it)', () => {
    const bluesky = adapter('bluesky');
    const [post] = samplesOf(bluesky, pages.find(([candidate]) => candidate === bluesky)![1]);
    const copy = inPlaceCopy(post!.post);
    const planted = copy.ownerDocument.createElement('video');
    planted.setAttribute('src', 'http://192.168.1.1/reboot');
    planted.setAttribute('poster', '/relative-to-bsky.app.jpg');
    copy.append(planted);
    const media = bluesky.extract(copy, post!.pageUrl)?.media ?? [];
    expect(media.map((medium) => medium.sourceUrl).filter((url) => !url.startsWith('https://cdn.bsky.app/'))).toEqual([]);
  });
});
