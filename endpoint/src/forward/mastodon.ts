import type { Report } from '../shared.ts';
import { callJson, ForwardError, type Fetch } from './http.ts';
import { reportComment } from './notice.ts';
import type { ForwardingSettings } from '../forwarding-config.ts';

/** Mastodon's default limit on a report's comment. */
const COMMENT_MAX = 1000;

type Status = { id: string; account: { id: string } };

/** The instance's account for this post's host, if the operator configured one. */
export function mastodonAccount(settings: ForwardingSettings, report: Report) {
  const host = new URL(report.target.url).host;
  const account = settings.mastodon[host];
  return account && { host, token: account.token, api: account.api ?? `https://${host}` };
}

/**
 * Files a report on the post's own instance: POST /api/v1/reports with category `legal` (which,
 * unlike `violation`, takes no rule_ids) and `forward` (a remote author's instance gets a copy).
 * The status and its account are looked up on that instance first: a local id from the URL's
 * path (/@user/123, /@user@remote/123), else a resolving search for the URL.
 */
export async function forwardToMastodon(fetchFn: Fetch, settings: ForwardingSettings, report: Report) {
  const account = mastodonAccount(settings, report);
  if (!account) throw new ForwardError(`mastodon: no account configured for ${new URL(report.target.url).host}`);
  const headers = { authorization: `Bearer ${account.token}`, accept: 'application/json' };
  const localId = /\/(?:@[^/]+|users\/[^/]+\/statuses)\/([0-9]+)\/?$/.exec(new URL(report.target.url).pathname)?.[1];
  const status = localId
    ? await callJson<Status>(fetchFn, `${account.api}/api/v1/statuses/${localId}`, { headers }, 'mastodon status')
    : (await callJson<{ statuses: Status[] }>(fetchFn,
      `${account.api}/api/v2/search?${new URLSearchParams({ q: report.target.url, type: 'statuses', resolve: 'true', limit: '1' })}`,
      { headers }, 'mastodon search')).statuses[0];
  if (!status?.id || !status.account?.id) throw new ForwardError(`mastodon: ${account.host} does not know this post (deleted, or not visible to the account)`);
  const form = new URLSearchParams({ account_id: status.account.id, comment: reportComment(report, COMMENT_MAX), category: 'legal', forward: 'true' });
  form.append('status_ids[]', status.id);
  const filed = await callJson<{ id: string }>(fetchFn, `${account.api}/api/v1/reports`, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(),
  }, 'mastodon report');
  return { destination: account.host, remoteId: String(filed.id) };
}
