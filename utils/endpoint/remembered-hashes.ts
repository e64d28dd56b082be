/**
 * What the endpoint last said it takes in `GET /v1` `hashes` (report 1.1), remembered per endpoint base beside
 * the settings: learnt on Test connection (utils/endpoint/info.ts), when the popup asks what the endpoint offers, and
 * before a video is hashed (endpointTakes). Used only when the endpoint cannot be asked right then, so a hash
 * an endpoint never listed (TMK: 352 KB of base64) is never computed for it.
 */
import { storage } from 'wxt/utils/storage';

interface RememberedHashes {
  base: string;
  /** Empty when the endpoint listed none: it takes those of report 1. */
  hashes: string[];
}

export const endpointHashesItem = storage.defineItem<RememberedHashes | null>('local:endpointHashes', { fallback: null });

export async function rememberEndpointHashes(base: string, hashes: readonly string[] | undefined): Promise<void> {
  await endpointHashesItem.setValue({ base, hashes: [...(hashes ?? [])] });
}

/** The hashes last heard from this endpoint, or undefined when it was never asked (or another one was). */
export async function rememberedEndpointHashes(base: string): Promise<string[] | undefined> {
  const remembered = await endpointHashesItem.getValue();
  return remembered?.base === base ? remembered.hashes : undefined;
}
