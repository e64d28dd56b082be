/** Starts a report from the post's button or from the context menu, and opens the dialog. */
import type { ClickContext } from '../messages';
import type { PlatformAdapter } from '../platforms/types';
import { openReportDialog } from './dialog-loader';
import { listenToBackground } from './messaging';
import { REPORT_ACTION_SELECTOR } from './report-button';
import { postForShortcut } from './shortcut';

export function startReportFlow(adapter: PlatformAdapter | undefined, signal: AbortSignal): void {
  let lastRightClicked: Element | null = null;

  function reportPost(post: Element): void {
    const extracted = adapter?.extract(post, location.href);
    void openReportDialog(extracted ?? { error: { key: 'postUnreadable' } });
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

  listenToBackground(
    {
      async 'dialog.open'({ context }) {
        openFromContextMenu(context);
        return {};
      },
      // The keyboard shortcut: the post in focus or most in view, else the page itself.
      async 'dialog.shortcut'() {
        const post = adapter && postForShortcut(adapter, document);
        if (post) reportPost(post);
        else void openReportDialog({ clicked: { pageUrl: location.href } });
        return {};
      },
      async 'posts.extract'() {
        if (!adapter) return { posts: [] };
        const found = [...document.querySelectorAll(`:is(${adapter.postSelector})`)];
        return { posts: found.map((post) => adapter.extract(post, location.href)).filter((post) => post !== null) };
      },
    },
    signal,
  );
}
