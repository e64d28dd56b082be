import { readFileSync } from 'node:fs';
import { describeIssues, Platform, z } from './shared.ts';

/**
 * Forwarding settings: a JSON file the operator writes (FLAGPOST_FORWARDING_FILE, readable by the
 * endpoint's user only), not the environment, so that tokens stay out of process listings. Nothing
 * here is ever shown on a page or written to the log.
 */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or plain http to this machine only (a local test server): a token never crosses a network in clear. */
const apiOrigin = z.url().refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}, 'expected https:// (http:// only for 127.0.0.1 or localhost)').transform((value) => new URL(value).origin);

const Mastodon = z.strictObject({
  /** An access token of the operator's account on that instance, with the `write:reports`, `read:statuses` and `read:search` scopes. */
  token: z.string().min(1).max(500),
  /** Where the instance's API answers; https://<instance> unless given. */
  api: apiOrigin.optional(),
});

const Bluesky = z.strictObject({
  /** The operator account's PDS, where sessions and reports go. */
  pds: apiOrigin.default('https://bsky.social'),
  identifier: z.string().min(1).max(300),
  /** An app password (Settings → App passwords), never the account's password. */
  appPassword: z.string().min(1).max(200),
  /** Where handles and posts are resolved (public, no token sent there). */
  appview: apiOrigin.default('https://public.api.bsky.app'),
  /** The moderation service the PDS proxies the report to (Bluesky's own by default). */
  labeler: z.string().regex(/^did:[a-z]+:[A-Za-z0-9._:%-]+$/).default('did:plc:ar7c4by46qjdydhdevvrndac'),
});

const Settings = z.strictObject({
  /** Per instance host (mastodon.social), the account that files reports there. */
  mastodon: z.record(z.string().regex(/^[a-z0-9.-]+(:[0-9]+)?$/, 'expected an instance host, lower case'), Mastodon).default({}),
  bluesky: Bluesky.optional(),
  /** DSA Art. 16(2)(c): the notifier named in notices; without it, notices are sent unnamed. */
  notifier: z.strictObject({ name: z.string().min(1).max(200), email: z.email() }).optional(),
  /** Each platform's DSA notice form, opened for the reviewer (no built-in addresses: they move). */
  noticeForms: z.record(Platform, z.url({ protocol: /^https$/ })).default({}),
});

export type ForwardingSettings = z.infer<typeof Settings>;

export const noForwarding: ForwardingSettings = { mastodon: {}, noticeForms: {} };

export function loadForwardingSettings(path: string | undefined): ForwardingSettings {
  if (!path) return noForwarding;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`FLAGPOST_FORWARDING_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`FLAGPOST_FORWARDING_FILE: ${path} is not valid JSON`);
  }
  const parsed = Settings.safeParse(json);
  // The issues name fields, never values: the file holds secrets.
  if (!parsed.success) throw new Error(`FLAGPOST_FORWARDING_FILE: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
