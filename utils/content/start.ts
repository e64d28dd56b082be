/** Everything the content script does, for the page it runs in. */
import type { PlatformAdapter } from '../platforms/types';
import { contentStrings, type ContentStrings } from './content-strings';
import { startAlreadyReported } from './already-reported';
import { decorateAccount } from './account-button';
import { startBatchSelection } from './batch-select';
import { onNavigation } from './navigation';
import { decoratePosts } from './report-button';
import { startReportFlow, type PageMediaReader } from './report-flow';

const STARTED_KEY = '__flagpostStarted';

/**
 * `findAdapter` runs once, in the frame: each platform's own script passes its adapter, the generic
 * one (right-click on any site, Mastodon instances) recognises a platform by the page's markup.
 * `readPageMedia`: only the generic script reads a page's own media (Open Graph, JSON-LD) for a right-click
 * outside any post; on a platform's pages the adapter reads posts and accounts, and its script stays in budget.
 */
export function startFlagpost(findAdapter: () => PlatformAdapter | undefined, readPageMedia?: PageMediaReader): void {
  // Once per frame: the background may inject the script again (right-click on a page where it
  // already runs), and the isolated world keeps this flag where the page cannot touch it.
  const world = globalThis as Record<string, unknown>;
  if (world[STARTED_KEY]) return;
  world[STARTED_KEY] = true;

  // No WXT context (wxt-context.ts): a page can forge the event that invalidates one, and the
  // page must not be able to switch reporting off. Our listeners live as long as the frame.
  const lifetime = new AbortController().signal;
  // Injected on demand (right-click on another site), the script finds no adapter: no buttons then.
  const adapter = findAdapter();
  startReportFlow(adapter, lifetime, readPageMedia);
  if (!adapter) return;
  startBatchSelection(adapter, lifetime);

  void contentStrings().then((strings) => decorateFeed(adapter, strings, lifetime));
}

function decorateFeed(adapter: PlatformAdapter, strings: ContentStrings, lifetime: AbortSignal): void {
  const checkAlreadyReported = startAlreadyReported(adapter, strings, lifetime);
  let page = new AbortController();
  // Single-page apps: each navigation tears the feed observer down and starts a fresh one.
  const decorateThisPage = () => {
    page.abort();
    page = new AbortController();
    const signal = AbortSignal.any([lifetime, page.signal]);
    decoratePosts(adapter, document.body, strings.reportAction, signal, checkAlreadyReported, strings);
    decorateAccount(adapter, strings.reportAccountAction, signal, strings);
  };
  decorateThisPage();
  onNavigation(decorateThisPage, lifetime);
}
