/**
 * Platforms that live on any host (Mastodon): the user names their instance, the browser asks
 * them to grant it, and the content script is registered there at run time. Nothing is injected
 * into a site the user did not grant.
 */
import { storage } from 'wxt/utils/storage';

export const instancesItem = storage.defineItem<string[]>('local:instances', { fallback: [] });

/** A DNS label as the URL parser leaves it (an IDN already in punycode): letters, digits, inner hyphens. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * "mastodon.social", "https://mastodon.social/@alice", "mastodon.social." → "mastodon.social"; null when it is no
 * named https host. The host becomes a match pattern, so `*` (https://*.com/* is every .com site) and anything else
 * outside DNS labels is refused; so are IP addresses (an all-digit last label): an instance is a named host.
 */
export function parseInstanceHost(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  try {
    const url = new URL(trimmed.includes('://') ? trimmed : `https://${trimmed}`);
    if (url.protocol !== 'https:' || url.username) return null;
    // One trailing dot names the same host; kept, it would be a second entry and a second grant.
    const labels = url.hostname.toLowerCase().replace(/\.$/, '').split('.');
    const named = labels.length > 1 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels.at(-1)!);
    return named ? labels.join('.') : null;
  } catch {
    return null;
  }
}

export function instanceOrigin(host: string): string {
  return `https://${host}/*`;
}
