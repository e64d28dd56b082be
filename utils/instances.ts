/**
 * Platforms that live on any host (Mastodon): the user names their instance, the browser asks
 * them to grant it, and the content script is registered there at run time. Nothing is injected
 * into a site the user did not grant.
 */
import { storage } from 'wxt/utils/storage';

export const instancesItem = storage.defineItem<string[]>('local:instances', { fallback: [] });

/** "mastodon.social", "https://mastodon.social/@alice" → "mastodon.social"; null when it is no https host. */
export function parseInstanceHost(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  try {
    const url = new URL(trimmed.includes('://') ? trimmed : `https://${trimmed}`);
    return url.protocol === 'https:' && url.hostname.includes('.') && !url.username ? url.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

export function instanceOrigin(host: string): string {
  return `https://${host}/*`;
}
