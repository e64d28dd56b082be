import { defineContentScript } from 'wxt/utils/define-content-script';
import { t } from '../../utils/i18n';
import { adapterForHost, contentScriptMatches } from '../../utils/platforms';
import { decoratePosts } from '../../utils/content/report-button';
import { startReportFlow } from '../../utils/content/report-flow';
import './style.css';

export default defineContentScript({
  matches: contentScriptMatches,
  runAt: 'document_idle',
  main(ctx) {
    // Injected on demand (right-click on another site), the script has no adapter: no buttons then.
    const adapter = adapterForHost(location.hostname);
    startReportFlow(adapter, ctx.signal);
    if (adapter) decoratePosts(adapter, document.body, t('reportAction'), ctx.signal);
  },
});
