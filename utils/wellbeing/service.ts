/**
 * Wellbeing in the background: answers the content script's "already reported?" questions from an
 * in-memory index of the endpoint's hash list (never the user's own reports: reported-index.ts), keeps that list in sync on
 * an alarm and when the settings change, and, when the user opted in, hashes on-screen media on a
 * budget to match them against the list.
 */
import type { Browser } from 'wxt/browser';
import { imageHashes } from '../hash/image';
import { PDQ_MIN_QUALITY } from '../hash/pdq-distance';
import type { RequestOf, ResponseOf } from '../messages';
import { fetchMedia } from '../pipeline/fetch-media';
import type { FetchScope } from '../domain';
import { urlVerdict } from '../pipeline/url-policy';
import { exactHashes } from '../pipeline/hash-media';
import type { Endpoint } from '../endpoint/request';
import type { Reason } from '../i18n';
import { serialQueue } from '../serial';
import { loadSettings, type Settings } from '../settings';
import { hashListItem, itemsOf, syncHashList } from './hash-list';
import { createMediaQueue, MEDIA_BUDGET, type MediaQueue } from './media-queue';
import { ReportedIndex, type HashListItem } from './reported-index';

export const WELLBEING_SYNC_ALARM = 'wellbeing-sync';
export const SYNC_PERIOD_MINUTES = 30;

/**
 * The periodic sync's alarm, made when missing (first run, or a browser that dropped it on restart).
 * Never re-created when present: create() would restart the countdown on every service-worker wake-up.
 */
export async function ensureSyncAlarm(alarms: {
  get(name: string): Promise<unknown>;
  create(name: string, info: { periodInMinutes: number }): Promise<void> | void;
}): Promise<void> {
  if (!(await alarms.get(WELLBEING_SYNC_ALARM))) await alarms.create(WELLBEING_SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
}

/** On-screen media are what the feed shows, not full-size originals: smaller bounds than a report's. */
const MEDIUM_LIMITS = { maxBytes: 8 * 1024 * 1024, timeoutMs: 15_000 };
const MEDIUM_PIXELS = 16_000_000;
/** Fetch → SHA-256, MD5, PDQ of one on-screen picture (the same hashes the endpoint lists). */
export async function hashOnScreenMedium(url: string, scope: FetchScope = {}): Promise<HashListItem[]> {
  const { bytes } = await fetchMedia(url, MEDIUM_LIMITS, { scope });
  const exact = await exactHashes(bytes);
  const { hashes } = await imageHashes(bytes, { maxBytes: MEDIUM_LIMITS.maxBytes, maxPixels: MEDIUM_PIXELS });
  // A near-flat picture's PDQ is noise (low quality) and would match other flat pictures: not used.
  const pdq = hashes.flatMap((hash) => (hash.algorithm === 'pdq' && hash.quality >= PDQ_MIN_QUALITY /* as the endpoint lists only these */ ? [{ algorithm: 'pdq', value: hash.value }] : []));
  return [...exact, ...pdq];
}

export interface WellbeingDeps {
  endpoint(): Promise<Endpoint | Reason>;
  settings(): Promise<Settings>;
  hashMedium(url: string, scope: FetchScope): Promise<HashListItem[]>;
  /** The list in use changed: open feeds should check their posts again. */
  listChanged?(): void;
}

export function createWellbeing(deps: WellbeingDeps) {
  let index = new ReportedIndex();
  /** One more at each "delete all": work begun before it writes nothing after it. */
  let generation = 0;
  // Only URLs already allowed for their page get here (match): a redirect may stay on that origin or the platforms' media hosts.
  const newMediaQueue = (): MediaQueue =>
    createMediaQueue({ hash: (url) => deps.hashMedium(url, { pageOrigin: new URL(url).origin }), ...MEDIA_BUDGET });
  let media = newMediaQueue();
  let loaded: Promise<void> | undefined;
  const serial = serialQueue();

  /** Once per service-worker life: the stored list into memory. */
  function load(): Promise<void> {
    loaded ??= (async () => {
      index.setHashList(itemsOf(await hashListItem.getValue()));
    })().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  }

  /**
   * Brings the endpoint's list up to date (alarm, settings change, install). One sync at a time: a slow one for
   * the previous endpoint must not finish after, and overwrite, the new endpoint's.
   */
  function sync(): Promise<void> {
    return serial(syncNow);
  }
  async function syncNow(): Promise<void> {
    const started = generation;
    const [endpoint, settings] = await Promise.all([deps.endpoint(), deps.settings()]);
    const base = baseOf(endpoint);
    // Still this sync's to write: no "delete all" since it began, and the same endpoint configured.
    const current = async () => generation === started && base === baseOf(await deps.endpoint());
    if (!settings.markReported || !(await current())) return;
    const before = await hashListItem.getValue();
    const list = 'base' in endpoint ? await syncHashList(endpoint, Date.now(), current) : null;
    if (!(await current())) return;
    if (!('base' in endpoint)) await hashListItem.setValue(null);
    await load();
    if (!(await current())) return;
    index.setHashList(itemsOf(list));
    // A new cursor is a list with entries added or retracted; most syncs bring nothing, and tell no tab.
    if (before?.base !== list?.base || before?.cursor !== list?.cursor) deps.listChanged?.();
  }

  async function check({ posts }: RequestOf<'wellbeing.check'>): Promise<ResponseOf<'wellbeing.check'>> {
    const settings = await deps.settings();
    if (!settings.markReported) return { mark: false, blur: false, matchMedia: false, empty: true, reported: [] };
    await load();
    const found = await Promise.all(posts.map((post) => index.isReported(post)));
    return {
      mark: true,
      blur: settings.blurReportedMedia,
      matchMedia: settings.matchOnScreenMedia && index.hasMediaHashes,
      empty: index.isEmpty,
      reported: found.flatMap((reported, i) => (reported ? [i] : [])),
    };
  }

  async function match(
    { urls }: RequestOf<'wellbeing.match'>,
    sender: Browser.runtime.MessageSender,
  ): Promise<ResponseOf<'wellbeing.match'>> {
    const settings = await deps.settings();
    if (!settings.markReported || !settings.matchOnScreenMedia) return { matched: [] };
    await load();
    // The page chose these URLs: only media hosts the extension knows (or the page's own host) are fetched.
    const pageOrigin = httpsOrigin(sender.tab?.url ?? sender.url);
    const allowed = urls.filter((url) => urlVerdict(url, { pageOrigin }).allowed);
    const results = await Promise.all(allowed.map(async (url) => {
      const hashes = await media.hashesOf(url);
      return hashes && index.matchesMedia(hashes) ? [url] : [];
    }));
    return { matched: results.flat() };
  }

  /**
   * "Delete all local data": nothing of the list or of the on-screen media hashed stays in memory either, and a
   * sync under way writes nothing back.
   */
  function forget(): void {
    generation++;
    index = new ReportedIndex();
    loaded = undefined;
    media = newMediaQueue();
  }

  return { check, match, sync, forget };
}

function baseOf(endpoint: Endpoint | Reason): string | undefined {
  return 'base' in endpoint ? endpoint.base : undefined;
}

function httpsOrigin(url: string | undefined): string | undefined {
  return url?.startsWith('https://') && URL.canParse(url) ? new URL(url).origin : undefined;
}

/** Whether a settings change changes what open feeds show (marks on or off, blurred or not, media watched). */
export function changesMarks(next: Settings | null, previous: Settings | null): boolean {
  return (['markReported', 'blurReportedMedia', 'matchOnScreenMedia'] as const).some((key) => next?.[key] !== previous?.[key]);
}

/** Whether a settings change needs a new sync (another endpoint, marking switched on). */
export function needsSync(next: Settings | null, previous: Settings | null): boolean {
  return (['endpointBase', 'token', 'markReported', 'matchOnScreenMedia'] as const).some((key) => next?.[key] !== previous?.[key]);
}
