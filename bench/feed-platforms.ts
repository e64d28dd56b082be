/**
 * The platforms `npm run bench:feed` builds feeds for: every adapter in the registry, by id (bundled
 * into the page too, so nothing here reads files; bench/feed-fixtures.ts picks each one's fixture).
 */
import { adapters as registry } from '../utils/platforms';
import type { PlatformAdapter } from '../utils/platforms/types';

export const adapters: Record<string, PlatformAdapter> = Object.fromEntries(registry.map((adapter) => [adapter.platform, adapter]));

/** What a platform adds to its feed for each post, where that is not the post itself (X: the post's list cell). */
export const FEED_ITEMS: Record<string, string> = { x: '[data-testid="cellInnerDiv"]' };
