/**
 * `flagpost.report/1`: the contract between the extension and every referral endpoint
 * (shared/design/report-v1.md). The extension and the reference endpoint both import this module.
 */
import { z } from './zod';

export const REPORT_SCHEMA_ID = 'flagpost.report/1';
/**
 * 1.1 is 1 plus what video needs: a media entry's `rendition` and the `storyboard_pdq` hash. A report says 1.1
 * only when it carries one of them (schemaIdFor), so an endpoint that accepts only 1 refuses it by its `schema`
 * (a clear 400/422) and the extension resends it as 1 without them (utils/schema/versions.ts).
 */
export const REPORT_SCHEMA_ID_1_1 = 'flagpost.report/1.1';
/**
 * 1.2 is 1.1 plus reports of a whole account (`target.kind: 'account'`, `target.account`) and a post's outbound
 * links (`target.outLinks`). A report says 1.2 only when it carries one of them (schemaIdFor); an endpoint that
 * does not list 1.2 in `GET /v1` `accepts` refuses it by its `schema`, and the extension does not send it there
 * (utils/endpoint/deliver.ts).
 */
export const REPORT_SCHEMA_ID_1_2 = 'flagpost.report/1.2';
export const reportSchemaIds = [REPORT_SCHEMA_ID, REPORT_SCHEMA_ID_1_1, REPORT_SCHEMA_ID_1_2] as const;
export type ReportSchemaId = (typeof reportSchemaIds)[number];

/**
 * A platform's id: its adapter's file name (utils/platforms/<id>.ts), or `other` for a page no adapter
 * reads. A pattern, not a list, so an extension that knows a newer platform and an endpoint that does not
 * still agree on the contract; an endpoint built before this rule (a closed list) refuses an id it does
 * not know with a 422 naming `target.platform`, and the extension keeps the report to send again.
 */
export const PLATFORM_ID = /^[a-z0-9-]{1,32}$/;
export const OTHER_PLATFORM = 'other';
export const Platform = z.string().regex(PLATFORM_ID, 'a platform id: 1–32 of a–z, 0–9 and -');
export type Platform = z.infer<typeof Platform>;

/** TCO Regulation 2021/784, Art. 2(7)(a)–(e). */
export const tcoCategories = [
  'incitement', 'solicitation_offence', 'solicitation_group', 'instruction', 'threat',
] as const;
export const TcoCategory = z.enum(tcoCategories);
export type TcoCategory = z.infer<typeof TcoCategory>;

export const contentTypes = [
  'CONTENT_TYPE_TEXT', 'CONTENT_TYPE_IMAGE', 'CONTENT_TYPE_VIDEO', 'CONTENT_TYPE_AUDIO', 'CONTENT_TYPE_OTHER',
] as const;
export const ContentType = z.enum(contentTypes);
export type ContentType = z.infer<typeof ContentType>;

const timestamp = z.iso.datetime({ offset: true });
import {
  MAX_ACCOUNT_ID_LENGTH, MAX_EXPLANATION_LENGTH, MAX_MEDIA, MAX_MEDIUM_ERROR_LENGTH, MAX_NAME_LENGTH, MAX_OUT_LINKS, MAX_POST_ID_LENGTH, MAX_RECENT_POSTS, MAX_SHOWN_AS_LENGTH,
  MAX_TEXT_LENGTH, MAX_TMK_BASE64_CHARS, MAX_URL_LENGTH,
} from './limits';

export { MAX_URL_LENGTH };
const httpUrl = z.url({ protocol: /^https?$/, normalize: false }).max(MAX_URL_LENGTH);
const httpsUrl = z.url({ protocol: /^https$/, normalize: false }).max(MAX_URL_LENGTH);
const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`), `expected ${length} lowercase hex digits`);

const trustedFlaggerId = z.string().min(1).max(200).optional();
export const Reporter = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('anonymous'), trustedFlaggerId }),
  z.strictObject({ mode: z.literal('pseudonymous'), pseudonym: z.string().min(1).max(200), trustedFlaggerId }),
  // DSA Art. 16(2)(c): a named notice carries both name and email.
  z.strictObject({
    mode: z.literal('named'),
    name: z.string().trim().min(1, 'a named reporter needs a name').max(200),
    email: z.email('a named reporter needs a valid email address'),
    trustedFlaggerId,
  }),
]);
export type Reporter = z.infer<typeof Reporter>;

export const Author = z.strictObject({
  handle: z.string().min(1).max(MAX_NAME_LENGTH),
  displayName: z.string().max(MAX_NAME_LENGTH).optional(),
  url: httpUrl.optional(),
  id: z.string().max(200).optional(),
});
export type Author = z.infer<typeof Author>;

export const QuotedPost = z.strictObject({ url: httpUrl, author: Author.optional() });
export type QuotedPost = z.infer<typeof QuotedPost>;

/** One hashed frame of a video: the vPDQ reference's line `frame,quality,hex,ts`. */
export const VpdqFrame = z.strictObject({
  frame: z.number().int().nonnegative(),
  quality: z.number().int().min(0).max(100),
  value: hex(64),
  ts: z.number().nonnegative(),
});

export const MediaHash = z.discriminatedUnion('algorithm', [
  z.strictObject({ algorithm: z.literal('pdq'), value: hex(64), quality: z.number().int().min(0).max(100) }),
  z.strictObject({ algorithm: z.literal('md5'), value: hex(32) }),
  z.strictObject({ algorithm: z.literal('sha256'), value: hex(64) }),
  z.strictObject({ algorithm: z.literal('vpdq'), frames: z.array(VpdqFrame).max(36_000) }),
  // 1.1: a PDQ per frame of a storyboard (YouTube's seek-bar preview sheets): `frame` is the tile's index, `ts`
  // its time. Not vPDQ: the frames are small thumbnails the platform picked, not the decoded video's.
  z.strictObject({ algorithm: z.literal('storyboard_pdq'), frames: z.array(VpdqFrame).max(36_000) }),
  // 1.1: TMK+PDQF, the GIFCT database's video hash: the whole reference `.tmk` file, base64. Sent only to an
  // endpoint whose `GET /v1` lists "tmk" in `hashes` (a signature is 352 KB of base64), so an older endpoint never
  // sees it. The endpoint checks the bytes themselves (header, length, finite numbers).
  z.strictObject({ algorithm: z.literal('tmk'), value: z.base64().max(MAX_TMK_BASE64_CHARS) }),
]);
export type MediaHash = z.infer<typeof MediaHash>;
/** Every algorithm a medium's hash can name; an endpoint lists those it takes in `GET /v1` `hashes`. */
export const mediaHashAlgorithms = ['pdq', 'md5', 'sha256', 'vpdq', 'storyboard_pdq', 'tmk'] as const satisfies readonly MediaHash['algorithm'][];

export const MediaKind = z.enum(['image', 'video', 'gif', 'poster']);

/** 1.1: which of a stream's renditions was hashed (HLS/DASH offer several sizes). */
export const Rendition = z.strictObject({
  url: httpUrl,
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  /** Bits per second, as the manifest declares it. */
  bitrate: z.number().int().positive().optional(),
});
export type Rendition = z.infer<typeof Rendition>;
export type MediaKind = z.infer<typeof MediaKind>;

export const MediaEntry = z.strictObject({
  ref: z.string().regex(/^m[1-9][0-9]*$/, 'expected m1, m2, …'),
  kind: MediaKind,
  sourceUrl: httpUrl,
  mimeType: z.string().max(100).optional(),
  bytes: z.number().int().nonnegative().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  durationS: z.number().nonnegative().optional(),
  rendition: Rendition.optional(),
  hashes: z
    .array(MediaHash)
    .max(mediaHashAlgorithms.length)
    .refine((hashes) => new Set(hashes.map((hash) => hash.algorithm)).size === hashes.length, 'at most one hash per algorithm'),
  error: z.string().max(MAX_MEDIUM_ERROR_LENGTH).optional(),
});
export type MediaEntry = z.infer<typeof MediaEntry>;

/** 1.2: a post the reported account shows, by reference only (nothing of it is hashed). */
export const RecentPost = z.strictObject({
  url: httpUrl,
  id: z.string().min(1).max(MAX_POST_ID_LENGTH).optional(),
});
export type RecentPost = z.infer<typeof RecentPost>;

const mediaRef = z.string().regex(/^m[1-9][0-9]*$/, 'expected m1, m2, …');

/**
 * 1.2: the account a report of `kind: 'account'` is about. Its avatar and banner are media of the report
 * (hashed like a post's), named here by their `ref`.
 */
export const Account = z.strictObject({
  handle: z.string().min(1).max(MAX_NAME_LENGTH),
  displayName: z.string().max(MAX_NAME_LENGTH).optional(),
  /** The platform's own id of the account, where the page shows it (a YouTube channel id, a Reddit t2_ id). */
  id: z.string().min(1).max(MAX_ACCOUNT_ID_LENGTH).optional(),
  url: httpsUrl,
  avatarRef: mediaRef.optional(),
  bannerRef: mediaRef.optional(),
  recentPosts: z.array(RecentPost).max(MAX_RECENT_POSTS).optional(),
});
export type Account = z.infer<typeof Account>;

/** 1.2: a link the post leads out to, as far as the page shows its destination. */
export const OutLink = z.strictObject({
  /** The destination: expanded from the platform's redirector (X's t.co) when the page shows where it goes. */
  url: httpUrl,
  /** Whether the link leaves the platform (another site), as opposed to another page of the platform. */
  offPlatform: z.boolean(),
  /** What the page shows for it when that is not the URL itself (a card's domain, a shortened link). */
  shownAs: z.string().max(MAX_SHOWN_AS_LENGTH).optional(),
});
export type OutLink = z.infer<typeof OutLink>;

export const targetKinds = ['post', 'account'] as const;
export const TargetKind = z.enum(targetKinds);
export type TargetKind = z.infer<typeof TargetKind>;

export const Target = z.strictObject({
  /** 1.2: what is reported; absent means a post (every report of 1 and 1.1). */
  kind: TargetKind.optional(),
  url: httpsUrl,
  pageUrl: httpUrl,
  platform: Platform,
  postId: z.string().min(1).max(MAX_POST_ID_LENGTH).optional(),
  author: Author.optional(),
  postedAt: timestamp.optional(),
  observedAt: timestamp,
  text: z.string().max(MAX_TEXT_LENGTH).optional(),
  quoted: z.array(QuotedPost),
  /** 1.2, with `kind: 'account'` only. */
  account: Account.optional(),
  /** 1.2: the post's outbound links. */
  outLinks: z.array(OutLink).max(MAX_OUT_LINKS).optional(),
});
export type Target = z.infer<typeof Target>;

export const Classification = z.strictObject({
  tco: z.array(TcoCategory).min(1, 'choose at least one category'),
  threatToLife: z.boolean(),
  explanation: z.string().trim().min(1, 'an explanation is required (DSA Art. 16(2)(a))').max(MAX_EXPLANATION_LENGTH),
  entity: z.string().max(200).optional(),
  dsaCategory: z.literal('STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY'),
  dsaSpecification: z.tuple([z.literal('KEYWORD_TERRORIST_CONTENT')]),
  contentTypes: z.array(ContentType).min(1),
});
export type Classification = z.infer<typeof Classification>;

export const Report = z.strictObject({
  schema: z.enum(reportSchemaIds),
  id: z.uuidv4(),
  createdAt: timestamp,
  reporter: Reporter,
  // DSA Art. 16(2)(d): without the confirmed statement a notice is not valid.
  goodFaith: z.strictObject({
    confirmed: z.literal(true, 'the good-faith statement must be confirmed'),
    statement: z.string().trim().min(1).max(1000),
  }),
  target: Target,
  classification: Classification,
  media: z.array(MediaEntry).max(MAX_MEDIA),
  client: z.strictObject({
    name: z.string().max(100),
    version: z.string().max(50),
    browser: z.string().max(50),
    locale: z.string().max(35),
  }),
})
  .refine((report) => report.schema !== REPORT_SCHEMA_ID || schemaIdFor(report.media) === REPORT_SCHEMA_ID, {
    path: ['schema'],
    message: `a medium carries a rendition, a storyboard_pdq or a tmk hash: the report must say ${REPORT_SCHEMA_ID_1_1}`,
  })
  .refine((report) => report.schema === REPORT_SCHEMA_ID_1_2 || !needsVersion12(report.target), {
    path: ['schema'],
    message: `the target carries kind, account or outLinks: the report must say ${REPORT_SCHEMA_ID_1_2}`,
  })
  .refine((report) => (report.target.kind === 'account') === (report.target.account !== undefined), {
    path: ['target', 'account'],
    message: "an account report (target.kind 'account') names its account in target.account, and only it does",
  })
  .refine((report) => accountRefsExist(report), {
    path: ['target', 'account'],
    message: "the account's avatarRef and bannerRef name media of the report",
  });
export type Report = z.infer<typeof Report>;

/** Whether a target holds anything only 1.2 can carry. */
export function needsVersion12(target: Pick<Target, 'kind' | 'account' | 'outLinks'>): boolean {
  return target.kind !== undefined || target.account !== undefined || target.outLinks !== undefined;
}

function accountRefsExist({ target, media }: { target: Target; media: readonly MediaEntry[] }): boolean {
  const refs = new Set(media.map((medium) => medium.ref));
  const { avatarRef, bannerRef } = target.account ?? {};
  return [avatarRef, bannerRef].every((ref) => ref === undefined || refs.has(ref));
}

/** Which version a report with these media (and this target) is: the lowest that can carry them. */
export function schemaIdFor(
  media: readonly MediaEntry[],
  target: Pick<Target, 'kind' | 'account' | 'outLinks'> = {},
): ReportSchemaId {
  if (needsVersion12(target)) return REPORT_SCHEMA_ID_1_2;
  const needs11 = media.some((m) => m.rendition || m.hashes.some((hash) => hash.algorithm === 'storyboard_pdq' || hash.algorithm === 'tmk'));
  return needs11 ? REPORT_SCHEMA_ID_1_1 : REPORT_SCHEMA_ID;
}

/** Where an endpoint says a report stands (`GET /v1/reports/{id}`). */
export const endpointStatuses = ['received', 'under_review', 'forwarded', 'actioned', 'rejected', 'withdrawn'] as const;
export const EndpointStatus = z.enum(endpointStatuses);
export type EndpointStatus = z.infer<typeof EndpointStatus>;
/** No further change is expected: tracking stops. */
export const finalEndpointStatuses: readonly EndpointStatus[] = ['actioned', 'rejected', 'withdrawn'];
