/**
 * The build step: draft + post + form + reporter → a `flagpost.report/1`, `/1.1` or `/1.2` (validated by the caller). Pure: the
 * dialog builds its preview with it, the background the report it stores.
 */
import type { ReportDraft, ReportForm } from '../domain';
import type { ExtractedAccount, ExtractedPost } from '../platforms/types';
import { schemaIdFor, type Account, type ContentType, type MediaEntry, type Report, type Reporter, type Target } from '../schema/report';
import type { Settings } from '../settings';

export interface ClientInfo {
  name: string;
  version: string;
  browser: string;
  locale: string;
}

export interface BuildInput {
  draft: ReportDraft;
  post: ExtractedPost;
  form: ReportForm;
  reporter: Reporter;
  goodFaithStatement: string;
  client: ClientInfo;
}

/** Builds the report object as it will be sent. It is not validated here: Report.safeParse is the gate. */
export function buildReport({ draft, post, form, reporter, goodFaithStatement, client }: BuildInput): Report {
  const entity = form.entity.trim();
  const version12 = version12Fields(post, draft.media);
  return {
    schema: schemaIdFor(draft.media, version12),
    id: draft.id,
    createdAt: draft.createdAt,
    reporter,
    // `confirmed: true` only when the user ticked it; otherwise validation names the field.
    goodFaith: { confirmed: form.goodFaith as true, statement: goodFaithStatement },
    target: {
      url: post.url,
      pageUrl: post.pageUrl,
      platform: post.platform,
      ...(post.postId ? { postId: post.postId } : {}),
      ...(post.author ? { author: post.author } : {}),
      ...(post.postedAt ? { postedAt: post.postedAt } : {}),
      observedAt: draft.observedAt,
      ...(post.text ? { text: post.text } : {}),
      quoted: post.quoted,
      ...version12,
    },
    classification: {
      tco: form.tco,
      threatToLife: form.threatToLife,
      explanation: form.explanation,
      ...(entity ? { entity } : {}),
      dsaCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
      dsaSpecification: ['KEYWORD_TERRORIST_CONTENT'],
      contentTypes: contentTypesOf(post.text, draft.media),
    },
    media: draft.media,
    client,
  };
}

/**
 * What only report 1.2 carries: the account of an account report (its avatar and banner named by the refs the
 * hashing gave them) and the post's outbound links. Empty for a post without links: the report stays 1 or 1.1.
 */
function version12Fields(post: ExtractedPost, media: readonly MediaEntry[]): Pick<Target, 'kind' | 'account' | 'outLinks'> {
  return {
    ...(post.account ? { kind: 'account' as const, account: accountOf(post.account, media) } : {}),
    ...(post.outLinks?.length ? { outLinks: post.outLinks } : {}),
  };
}

function accountOf({ avatarUrl, bannerUrl, recentPosts, ...account }: ExtractedAccount, media: readonly MediaEntry[]): Account {
  const refOf = (url: string | undefined) => (url === undefined ? undefined : media.find((medium) => medium.sourceUrl === url)?.ref);
  const avatarRef = refOf(avatarUrl);
  const bannerRef = refOf(bannerUrl);
  return {
    ...account,
    ...(avatarRef ? { avatarRef } : {}),
    ...(bannerRef ? { bannerRef } : {}),
    ...(recentPosts.length ? { recentPosts } : {}),
  };
}

/** Who the report says sent it, as Settings ask. */
export function reporterFrom(settings: Settings, pseudonym: string): Reporter {
  switch (settings.reporterMode) {
    case 'named':
      return { mode: 'named', name: settings.reporterName.trim(), email: settings.reporterEmail.trim() };
    case 'pseudonymous':
      return { mode: 'pseudonymous', pseudonym };
    default:
      return { mode: 'anonymous' };
  }
}

/** DSA Transparency Database content types, derived from what the post holds. */
export function contentTypesOf(text: string | undefined, media: MediaEntry[]): ContentType[] {
  const types = new Set<ContentType>();
  if (text?.trim()) types.add('CONTENT_TYPE_TEXT');
  for (const { kind } of media) {
    types.add(kind === 'video' || kind === 'gif' ? 'CONTENT_TYPE_VIDEO' : 'CONTENT_TYPE_IMAGE');
  }
  return types.size ? [...types] : ['CONTENT_TYPE_OTHER'];
}
