import type { Report } from '../shared.ts';
import { callJson, ForwardError, type Fetch } from './http.ts';
import { reportComment } from './notice.ts';
import type { ForwardingSettings } from '../forwarding-config.ts';

/** createReport's `reason`: at most 2000 graphemes (the lexicon); characters are a safe bound. */
const REASON_MAX = 2000;

/** https://bsky.app/profile/<handle or did>/post/<rkey> */
const POST_PATH = /^\/profile\/([^/]+)\/post\/([A-Za-z0-9._:~-]{1,512})\/?$/;

/**
 * Reports the post to the moderation service through the operator account's PDS:
 * com.atproto.server.createSession (app password), then com.atproto.moderation.createReport with
 * a com.atproto.repo.strongRef subject (the record's uri and cid, resolved on the AppView) and
 * reasonType com.atproto.moderation.defs#reasonViolation ("direct violation of server rules,
 * laws, terms of service"), proxied by the PDS to the labeler named in `atproto-proxy`.
 */
export async function forwardToBluesky(fetchFn: Fetch, settings: ForwardingSettings, report: Report) {
  const bsky = settings.bluesky;
  if (!bsky) throw new ForwardError('bluesky: no account configured');
  const path = POST_PATH.exec(new URL(report.target.url).pathname);
  if (!path) throw new ForwardError('bluesky: the URL is not a post (expected /profile/…/post/…)');
  const [, actor, rkey] = path as unknown as [string, string, string];
  const json = { accept: 'application/json' };
  const did = actor.startsWith('did:') ? actor
    : (await callJson<{ did: string }>(fetchFn, `${bsky.appview}/xrpc/com.atproto.identity.resolveHandle?${new URLSearchParams({ handle: actor })}`,
      { headers: json }, 'bluesky handle')).did;
  const record = await callJson<{ uri: string; cid?: string }>(fetchFn,
    `${bsky.appview}/xrpc/com.atproto.repo.getRecord?${new URLSearchParams({ repo: did, collection: 'app.bsky.feed.post', rkey })}`,
    { headers: json }, 'bluesky post');
  if (!record.uri || !record.cid) throw new ForwardError('bluesky: the post has no uri and cid (deleted?)');
  const session = await callJson<{ accessJwt: string }>(fetchFn, `${bsky.pds}/xrpc/com.atproto.server.createSession`, {
    method: 'POST', headers: { ...json, 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: bsky.identifier, password: bsky.appPassword }),
  }, 'bluesky session');
  const filed = await callJson<{ id: number }>(fetchFn, `${bsky.pds}/xrpc/com.atproto.moderation.createReport`, {
    method: 'POST',
    headers: { ...json, 'content-type': 'application/json', authorization: `Bearer ${session.accessJwt}`, 'atproto-proxy': `${bsky.labeler}#atproto_labeler` },
    body: JSON.stringify({
      reasonType: 'com.atproto.moderation.defs#reasonViolation',
      reason: reportComment(report, REASON_MAX),
      subject: { $type: 'com.atproto.repo.strongRef', uri: record.uri, cid: record.cid },
    }),
  }, 'bluesky report');
  return { destination: new URL(bsky.pds).host, remoteId: String(filed.id) };
}
