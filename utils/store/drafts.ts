/**
 * Reports being written: the dialog is open, Send not pressed yet. Kept in session storage so that a
 * service worker stopped mid-hash finds them again on its next start (the dialog is still open); they go
 * with the browser session, as the dialog does. Once sent, a report lives in the reports store instead.
 */
import { storage } from 'wxt/utils/storage';
import type { ExtractedPost } from '../platforms/types';
import type { MediaEntry } from '../schema/report';
import type { FetchScope, HashableMedium } from '../domain';

export interface Draft {
  id: string;
  createdAt: string;
  observedAt: string;
  post: ExtractedPost;
  /** One entry per medium of the post; see utils/pipeline/media-state.ts for a medium not hashed yet. */
  media: MediaEntry[];
  /** The post's media once their streams were located (utils/background/locate-streams.ts): what is hashed. */
  located?: HashableMedium[];
  /** The dialog's frame: where hashing progress is pushed. */
  tab?: { tabId: number; frameId: number };
  /** How many times hashing started: a worker stopped mid-hash restarts it, up to MAX_HASHING_STARTS. */
  hashingStarts: number;
  /**
   * What hashing may fetch (utils/pipeline/url-policy.ts). With `awaitingConsent`, the media are off the
   * platforms' hosts and nothing is fetched until the user has seen their URLs and agreed.
   */
  scope?: FetchScope;
  awaitingConsent?: boolean;
  /** When the user agreed to fetch (awaitingConsent ended): hashing's bound counts from here, not `createdAt`. */
  hashingFrom?: string;
}

const PREFIX = 'draft:';
const keyOf = (id: string) => `session:${PREFIX}${id}` as const;
/**
 * The post a report frame claimed (utils/background/dialogs.ts), under the draft id the background gave it:
 * the dialog prepares the draft by that id alone, again after a stopped worker, and never sends the post back.
 */
const claimedKeyOf = (id: string) => `session:claimed:${id}` as const;

export async function saveClaimedPost(id: string, post: ExtractedPost): Promise<void> {
  await storage.setItem(claimedKeyOf(id), post);
}

export async function getClaimedPost(id: string): Promise<ExtractedPost | undefined> {
  return (await storage.getItem<ExtractedPost>(claimedKeyOf(id))) ?? undefined;
}

export async function getDraft(id: string): Promise<Draft | undefined> {
  return (await storage.getItem<Draft>(keyOf(id))) ?? undefined;
}

export async function saveDraft(draft: Draft): Promise<void> {
  await storage.setItem(keyOf(draft.id), draft);
}

/** The draft goes with the post it was claimed for. */
export async function deleteDraft(id: string): Promise<void> {
  await storage.removeItems([keyOf(id), claimedKeyOf(id)]);
}

export async function listDrafts(): Promise<Draft[]> {
  const all = await storage.snapshot('session');
  return Object.entries(all).filter(([key]) => key.startsWith(PREFIX)).map(([, value]) => value as Draft);
}
