/** Everything the content script does, for the page it runs in. */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { adapterForPage } from '../platforms';
import type { PlatformAdapter } from '../platforms/types';
import { reportButtonLabel } from './button-label';
import { startAlreadyReported } from './already-reported';
import { decoratePosts } from './report-button';
import { startReportFlow } from './report-flow';
import { listenForShortcut } from './shortcut';

const STARTED_KEY = '__flagpostStarted';

export function startFlagpost(ctx: ContentScriptContext): void {
  // Once per frame: the background may inject the script again (right-click on a page where it
  // already runs), and the isolated world keeps this flag where the page cannot touch it.
  const world = globalThis as Record<string, unknown>;
  if (world[STARTED_KEY]) return;
  world[STARTED_KEY] = true;

  // Not WXT's ctx.signal: a page can forge the event that invalidates a WXT context, and the
  // page must not be able to switch reporting off. Our listeners live as long as the frame.
  const lifetime = new AbortController().signal;
  // Injected on demand (right-click on another site), the script finds no adapter: no buttons then.
  const adapter = adapterForPage(location, document);
  startReportFlow(adapter, lifetime);
  listenForShortcut(adapter, lifetime);
  if (!adapter) return;

  void reportButtonLabel().then((label) => decorateFeed(ctx, adapter, label, lifetime));
}

function decorateFeed(ctx: ContentScriptContext, adapter: PlatformAdapter, label: string, lifetime: AbortSignal): void {
  const checkAlreadyReported = startAlreadyReported(adapter, lifetime);
  let page = new AbortController();
  // Single-page apps: each navigation tears the feed observer down and starts a fresh one.
  const decorateThisPage = () => {
    page.abort();
    page = new AbortController();
    decoratePosts(adapter, document.body, label, AbortSignal.any([lifetime, page.signal]), checkAlreadyReported);
  };
  decorateThisPage();
  ctx.addEventListener(window, 'wxt:locationchange', decorateThisPage);
}
