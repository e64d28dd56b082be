/**
 * What a report is made of while it is written and delivered, apart from how it travels: the wire map in
 * ./messages.ts validates its messages with these schemas, and the background, the dialog and the stores use
 * the types. Parsed where they arrive (a content script lives in a hostile page), hence zod rather than types alone.
 */
import { ExtractedAccount, ExtractedMedia, ExtractedPost } from './platforms/types';
import type { StoryboardLevel } from './platforms/youtube-storyboard';
import { MediaEntry, Platform, TcoCategory } from './schema/report';
import { z } from './schema/zod';
import type { Reason } from './i18n';
import { MAX_EXPLANATION_LENGTH, MAX_MEDIA, MAX_REASON_DETAIL, WELLBEING_MEDIA_PER_POST } from './schema/limits';

/** What the user filled in the dialog. */
export const ReportForm = z.strictObject({
  tco: z.array(TcoCategory).max(5),
  threatToLife: z.boolean(),
  explanation: z.string().max(MAX_EXPLANATION_LENGTH),
  entity: z.string().max(200),
  goodFaith: z.boolean(),
});
export type ReportForm = z.infer<typeof ReportForm>;

/**
 * Made when a report starts: its id, its times and the media hashed on the device. A medium still being
 * hashed has neither hashes nor an `error` yet (utils/background/drafts.ts).
 */
export const ReportDraft = z.strictObject({
  id: z.uuidv4(),
  createdAt: z.iso.datetime(),
  observedAt: z.iso.datetime(),
  media: z.array(MediaEntry).max(50),
});
export type ReportDraft = z.infer<typeof ReportDraft>;

/** A Reason (utils/i18n.ts) on the wire; an unknown key just shows as itself. */
export const ReasonSchema = z.strictObject({ key: z.string().max(100), detail: z.string().max(MAX_REASON_DETAIL).optional() });

/** 'hashing': sent by the user while a video was still being hashed; queued once its hashes are done. */
export const DeliveryStatus = z.enum(['hashing', 'queued', 'sending', 'sent', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** What a right-click was on, as the context menu tells the background. */
export const ClickContext = z.strictObject({
  pageUrl: z.string().max(4000),
  linkUrl: z.string().max(4000).optional(),
  srcUrl: z.string().max(4000).optional(),
  mediaType: z.enum(['image', 'video', 'audio']).optional(),
  /**
   * The click was in a frame the extension may not script (another site's embed), and the top frame shows the
   * dialog: nothing in its own document was clicked, so it reads none of it (utils/background/context-menu.ts).
   */
  inOtherFrame: z.literal(true).optional(),
});
export type ClickContext = z.infer<typeof ClickContext>;

/** How far each medium's hashing has come (null: not started, or not a video), by the medium's index. */
export const MediaProgress = z.array(z.strictObject({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).nullable()).max(50);
export type MediaProgress = z.infer<typeof MediaProgress>;
/** Wellbeing: what the page tells about a decorated post (utils/content/already-reported.ts). */
export const wellbeingUrl = z.string().max(4000);
export const PostKeys = z.strictObject({ permalink: wellbeingUrl.optional(), media: z.array(wellbeingUrl).max(WELLBEING_MEDIA_PER_POST) });
export type PostKeys = z.infer<typeof PostKeys>;

const PostSubject = z.strictObject({ kind: z.literal('post'), post: ExtractedPost });
/**
 * A whole account (report 1.2): carried as the post its report is built from (utils/platforms/read-dom.ts
 * `accountPost`), whose `account` is set and whose media are the avatar and banner.
 */
const AccountSubject = z.strictObject({
  kind: z.literal('account'),
  post: ExtractedPost.refine((post) => post.account !== undefined, 'an account subject carries its account'),
});
const ErrorSubject = z.strictObject({ kind: z.literal('error'), error: ReasonSchema });
/** What the report dialog shows: a post or an account the adapter read, or why there is none (shown in the language chosen in Settings). */
export const DialogSubject = z.discriminatedUnion('kind', [PostSubject, AccountSubject, ErrorSubject]);
/** A Reason's key is checked where it is shown: an unknown one shows as itself (reasonText). */
export type DialogSubject = z.infer<typeof PostSubject> | z.infer<typeof AccountSubject> | { kind: 'error'; error: Reason };
/**
 * What a content script asks to report: a dialog subject, or a right-click outside any post with the page's own
 * idea of its address (`<link rel=canonical>`, og:url) and of its main media (og:image, og:video, twitter:image,
 * a JSON-LD VideoObject: utils/content/page-media.ts); the background works out the page, link or medium
 * (utils/background/page-target.ts).
 */
export const ReportSubject = z.discriminatedUnion('kind', [
  PostSubject,
  ErrorSubject,
  // A profile or channel page's account as the adapter read it: the background makes the dialog's account subject
  // of it (utils/background/dialogs.ts), so the content scripts carry none of that code.
  z.strictObject({ kind: z.literal('account-page'), platform: Platform, account: ExtractedAccount, pageUrl: z.string().max(4000) }),
  z.strictObject({
    kind: z.literal('clicked'),
    clicked: ClickContext,
    canonicalUrl: z.string().max(4000).optional(),
    pageMedia: z.array(ExtractedMedia).max(MAX_MEDIA).optional(),
  }),
]);
export type ReportSubject = z.infer<typeof ReportSubject>;

/** What one fetch is for; plain data, so a draft keeps it across a stopped service worker. */
export interface FetchScope {
  /** The origin of the page the fetch is for, as the browser (not the page) names it. */
  pageOrigin?: string;
  /** Public hosts other than the platforms' (the user saw the URLs and agreed). */
  publicHosts?: boolean;
}

/** A medium as the background has it once its stream is located: a storyboard is hashed by its sheets. */
export type HashableMedium = ExtractedMedia & { storyboard?: StoryboardLevel };
