/**
 * The build step: draft + post + form + reporter → a `flagpost.report/1` or `/1.1` (validated by the caller). Pure: the
 * dialog builds its preview with it, the background the report it stores.
 */
import type { ReportDraft, ReportForm } from '../domain';
import type { ExtractedPost } from '../platforms/types';
import { schemaIdFor, type ContentType, type MediaEntry, type Report, type Reporter } from '../schema/report';
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
  return {
    schema: schemaIdFor(draft.media),
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
