/** Starts a report from the post's button or from the context menu, and opens the dialog. */
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import type { ClickContext } from '../messages';
import type { PlatformAdapter } from '../platforms/types';
import { openReportDialog } from './dialog-loader';
import { contentMessageListener } from './messaging';
import { REPORT_ACTION_SELECTOR } from './report-button';

export function startReportFlow(adapter: PlatformAdapter | undefined, signal: AbortSignal): void {
  let lastRightClicked: Element | null = null;

  function reportPost(post: Element): void {
    const extracted = adapter?.extract(post, location.href);
    void openReportDialog(extracted ?? { error: t('postUnreadable') });
  }

  // One delegated listener for every button: no per-post listener on the feed.
  document.addEventListener(
    'click',
    (event) => {
      const button = event.target instanceof Element ? event.target.closest(REPORT_ACTION_SELECTOR) : null;
      if (!button || !event.isTrusted) return;
      // The platform would otherwise treat the click as a click on the post and navigate.
      event.preventDefault();
      event.stopPropagation();
      const post = adapter ? button.closest(adapter.postSelector) : null;
      if (post) reportPost(post);
    },
    { capture: true, signal },
  );

  document.addEventListener(
    'contextmenu',
    (event) => {
      lastRightClicked = event.target instanceof Element ? event.target : null;
    },
    { capture: true, signal },
  );

  function openFromContextMenu(context: ClickContext): void {
    const post = adapter && lastRightClicked?.closest(adapter.postSelector);
    const extracted = post ? adapter.extract(post, location.href) : null;
    void openReportDialog(extracted ?? { clicked: context });
  }

  const listener = contentMessageListener({
    async 'dialog.open'({ context }) {
      openFromContextMenu(context);
      return {};
    },
    async 'posts.extract'() {
      if (!adapter) return { posts: [] };
      const found = [...document.querySelectorAll(`:is(${adapter.postSelector})`)];
      return { posts: found.map((post) => adapter.extract(post, location.href)).filter((post) => post !== null) };
    },
  }) as Parameters<typeof browser.runtime.onMessage.addListener>[0];
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}
