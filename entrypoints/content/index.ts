import { defineContentScript } from 'wxt/utils/define-content-script';
import { pageMainMedia } from '../../utils/content/page-media';
import { startFlagpost } from '../../utils/content/start';
import { guarded } from '../../utils/platforms/guarded';
import { mastodonAdapter } from '../../utils/platforms/mastodon';
import './style.css';

/**
 * The generic content script, never listed in the manifest: the background injects it on a
 * right-click where no platform script runs, and registers it on the Mastodon instances the user
 * granted (utils/background/instance-scripts.ts). The platforms with fixed hosts have their own
 * scripts (entrypoints/*.content.ts); here a platform is recognised by its markup.
 */
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  runAt: 'document_idle',
  main: () => {
    const adapter = guarded(mastodonAdapter);
    startFlagpost(() => (adapter.detect?.(document) ? adapter : undefined), pageMainMedia);
  },
});
