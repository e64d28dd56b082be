/** Everything the content script does, for the page it runs in. */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { t } from '../i18n';
import { adapterForPage } from '../platforms';
import { decoratePosts } from './report-button';
import { startReportFlow } from './report-flow';

export function startFlagpost(ctx: ContentScriptContext): void {
  // Injected on demand (right-click on another site), the script finds no adapter: no buttons then.
  const adapter = adapterForPage(location, document);
  startReportFlow(adapter, ctx.signal);
  if (!adapter) return;

  const label = t('reportAction');
  let page = new AbortController();
  // Single-page apps: each navigation tears the feed observer down and starts a fresh one.
  const decorateThisPage = () => {
    page.abort();
    page = new AbortController();
    decoratePosts(adapter, document.body, label, AbortSignal.any([ctx.signal, page.signal]));
  };
  decorateThisPage();
  ctx.addEventListener(window, 'wxt:locationchange', decorateThisPage);
}
