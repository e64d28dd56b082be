import { Author, MAX_URL_LENGTH, MediaKind, OutLink, Platform, QuotedPost, RecentPost } from '../schema/report';
import { z } from '../schema/zod';
import {
  MAX_ACCOUNT_ID_LENGTH, MAX_MEDIA, MAX_NAME_LENGTH, MAX_OUT_LINKS, MAX_POST_ID_LENGTH, MAX_QUOTED, MAX_RECENT_POSTS, MAX_TEXT_LENGTH,
} from '../schema/limits';
import { MAX_STORYBOARD_SPEC } from './youtube-storyboard';

const httpUrl = z.url({ protocol: /^https?$/, normalize: false }).max(MAX_URL_LENGTH);

/**
 * How the background finds a video's stream when the page does not show its URL
 * (utils/background/locate-streams.ts):
 * - `tab-requests`: the page's player asked for the stream's manifest; the background observed it
 *   (utils/background/stream-sniffer.ts) and picks the manifest whose path holds `mediaId` (X).
 * - `storyboard`: YouTube's storyboard spec (`spec`, read from the page's own player response when it
 *   is this video's), else fetched from the public watch page of `videoId`.
 */
export const LocateStream = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('tab-requests'), mediaId: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/) }),
  z.strictObject({
    from: z.literal('storyboard'),
    videoId: z.string().regex(/^[0-9A-Za-z_-]{11}$/),
    spec: z.string().max(MAX_STORYBOARD_SPEC).optional(),
  }),
]);
export type LocateStream = z.infer<typeof LocateStream>;

/** One medium as the page shows it; the background fetches and hashes `sourceUrl`. */
export const ExtractedMedia = z.strictObject({
  kind: MediaKind,
  /**
   * Full-size URL to hash (X `name=orig`); never a `blob:` URL. A video's manifest (.m3u8/.mpd) or
   * file; with `locate`, the folder the stream lives in until the background finds it.
   */
  sourceUrl: httpUrl,
  /** A smaller rendition for the dialog's thumbnail, when the page has one. */
  thumbnailUrl: httpUrl.optional(),
  locate: LocateStream.optional(),
  /**
   * What the page could not give for this medium, said plainly (a stream the player never loaded):
   * the background hashes nothing for it and the report carries the reason as the medium's `error`.
   */
  error: z.string().max(500).optional(),
});
export type ExtractedMedia = z.infer<typeof ExtractedMedia>;

/**
 * An account (profile, channel, subreddit) as its page shows it. Its avatar and banner are hashed as the report's
 * media; the posts in view go by reference only.
 */
export const ExtractedAccount = z.strictObject({
  handle: z.string().min(1).max(MAX_NAME_LENGTH),
  displayName: z.string().max(MAX_NAME_LENGTH).optional(),
  id: z.string().min(1).max(MAX_ACCOUNT_ID_LENGTH).optional(),
  url: z.url({ protocol: /^https$/, normalize: false }).max(MAX_URL_LENGTH),
  avatarUrl: httpUrl.optional(),
  bannerUrl: httpUrl.optional(),
  recentPosts: z.array(RecentPost).max(MAX_RECENT_POSTS),
});
export type ExtractedAccount = z.infer<typeof ExtractedAccount>;

/** What a content script reads off one post: crosses to the background, so it is validated there. */
export const ExtractedPost = z.strictObject({
  platform: Platform,
  url: z.url({ protocol: /^https$/, normalize: false }).max(MAX_URL_LENGTH),
  pageUrl: httpUrl,
  postId: z.string().min(1).max(MAX_POST_ID_LENGTH).optional(),
  author: Author.optional(),
  postedAt: z.iso.datetime({ offset: true }).optional(),
  text: z.string().max(MAX_TEXT_LENGTH).optional(),
  media: z.array(ExtractedMedia).max(MAX_MEDIA),
  quoted: z.array(QuotedPost).max(MAX_QUOTED),
  /** The post's outbound links, expanded where the page shows their destination (report 1.2). */
  outLinks: z.array(OutLink).max(MAX_OUT_LINKS).optional(),
  /** Set when the whole account is reported (report 1.2, `target.kind: 'account'`): `media` are its avatar and banner. */
  account: ExtractedAccount.optional(),
});
export type ExtractedPost = z.infer<typeof ExtractedPost>;

/** An account page's account and where its "Report this account" button goes (next to the profile header). */
export interface AccountOnPage {
  account: ExtractedAccount;
  /** The button goes at the end of this element, or at its start with `at: 'start'` (a list the header is missing from). */
  header: Element;
  at?: 'start' | 'end';
}

/**
 * Everything Flagpost knows about one platform. One file per platform implements it, named after
 * its id; the registry in ./index.ts finds them. Selectors live in the adapter, nowhere else.
 */
export interface PlatformAdapter {
  /** The platform's id: the adapter's file is `utils/platforms/<platform>.ts`, and its content script `<platform>.js`. */
  platform: Platform;
  /** The platform's name as it writes it (a brand: never translated). */
  name: string;
  /** Content-script match patterns for the platform's pages; `[]` for a platform found by `detect` only. */
  matches: string[];
  /**
   * Match patterns where the adapter may run once the user grants them as optional host permissions
   * (Mastodon, which runs on any host: every https origin). A content script registered there at
   * runtime asks each adapter's `detect`, which decides whether the page is this platform's.
   */
  optionalMatches?: string[];
  /** Host patterns the background needs to fetch the platform's full-size media. */
  mediaHosts: string[];
  /**
   * Match patterns (on `mediaHosts`) of the stream manifests the platform's player requests, for
   * platforms whose pages never show a video's stream URL (X): the background observes those
   * requests, read-only, per tab (utils/background/stream-sniffer.ts). Each pattern names a manifest
   * file type, so the service worker wakes for nothing else.
   */
  streamRequests?: string[];
  /**
   * Matches the root element of one post. Every element a feed adds is tested against it, so it
   * stays cheap: a `:has()` here costs more than all the rest of decorating a post (YouTube tells
   * its empty grid items apart with `postKey` instead).
   */
  postSelector: string;
  /** Where the report button goes inside a post (the action bar), or null to append to the post. */
  buttonSlot(post: Element): Element | null;
  /**
   * Reads one post. Returns null when the element is not (yet) a complete post. May throw on markup
   * it did not expect: the registry and the content scripts call it through `guarded()`, which
   * answers null then. Runs only when a report starts (never on the feed's hot path), so it may read
   * the page's own data scripts for a video's file (Facebook, Instagram, TikTok, YouTube's storyboard spec): one parse per report.
   */
  extract(post: Element, pageUrl: string): ExtractedPost | null;
  /**
   * Whether `doc` is one of this platform's pages, judged by its markup, not its host. Only for
   * platforms that run on hosts no match pattern can list (Mastodon instances). It runs once per
   * page, possibly before the app has drawn any post, so it should recognise the app's shell too.
   * Cheap; never throws.
   */
  detect?(doc: Document): boolean;
  /**
   * Which post a decorated element shows now, for platforms that recycle post elements for other
   * posts (YouTube reuses its renderers when the feed or the video changes). The content script keeps
   * the key it decorated with and decorates again when the key changes. Null when the element holds
   * no post now (a skeleton, an ad slot): it gets no button, and loses the one it had; '' for a post
   * nothing identifies yet (a preloaded Short), which keeps its button. Adapters whose elements
   * always hold the same post leave it out.
   */
  postKey?(post: Element): string | null;
  /**
   * The post's permalink exactly as `extract` would give it, read from attributes only (no text, no
   * layout): the content script asks it of every decorated post to mark those already reported.
   * Adapters that cannot read it that cheaply leave it out; their posts are matched by media URL.
   * May throw: the caller treats a throw as no permalink.
   */
  permalink?(post: Element, pageUrl: string): string | null;
  /**
   * The account whose profile or channel page `doc` (the document, or a parsed page in tests) is (an X profile, a t.me/s channel, a subreddit), with its
   * header element, or null on any other page (a feed, a post) or before the header is drawn. A few queries of the
   * profile header and one pass over the posts in view for their links: no page data scripts, no layout. The content
   * script asks it once per navigation and again, at most a few times a second, while the page is still drawing,
   * until it answers; and once more when the user reports. Where no header is drawn yet (a feed), a look must not search
   * the whole feed: check the URL first, and find the header with `headerAbovePosts` (read-dom.ts). May throw, as `extract`.
   */
  readAccount?(doc: ParentNode, pageUrl: string): AccountOnPage | null;
}
