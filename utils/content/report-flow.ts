/** Starts a report from the post's button or from the context menu, and opens the dialog. */
import type { ClickContext, ReportSubject } from '../domain';
import type { ExtractedPost, PlatformAdapter } from '../platforms/types';
import { canonicalPageUrl } from './canonical-url';
import { pageMainMedia } from './page-media';
import { openReportDialog } from './dialog-frame';
import { listenToBackground } from './messaging';
import { postOfButton, REPORT_ACTION_SELECTOR } from './report-button';
import { postForShortcut } from './shortcut';

/**
 * The user's own press of this button: trusted, and on the button itself. A <label> the page wraps around the
 * button (or points at it) turns a trusted click anywhere on the label into a trusted click on the button;
 * that one happened elsewhere on screen, or, from the keyboard, while the button did not have the focus.
 */
export function isOwnActivation(event: MouseEvent, button: Element): boolean {
  if (!event.isTrusted) return false;
  if (event.detail === 0) return document.activeElement === button; // Enter or Space on the focused button
  const { left, right, top, bottom } = button.getBoundingClientRect();
  return event.clientX >= left && event.clientX <= right && event.clientY >= top && event.clientY <= bottom;
}

/** A right-click outside any post: the background works out the link, medium or page (page-target.ts). */
function clickedSubject(context: ClickContext): ReportSubject {
  const canonicalUrl = canonicalPageUrl(document, context.pageUrl);
  const pageMedia = pageMainMedia(document, context.pageUrl);
  return { kind: 'clicked', clicked: context, ...(canonicalUrl ? { canonicalUrl } : {}), ...(pageMedia.length ? { pageMedia } : {}) };
}

function postSubject(post: ExtractedPost): ReportSubject {
  return { kind: 'post', post };
}

export function startReportFlow(adapter: PlatformAdapter | undefined, signal: AbortSignal): void {
  let lastRightClicked: Element | null = null;

  function reportPost(post: Element): void {
    const extracted = adapter?.extract(post, location.href);
    void openReportDialog(extracted ? postSubject(extracted) : { kind: 'error', error: { key: 'postUnreadable' } });
  }

  // One delegated listener for every button: no per-post listener on the feed.
  document.addEventListener(
    'click',
    (event) => {
      const button = event.target instanceof Element ? event.target.closest(REPORT_ACTION_SELECTOR) : null;
      if (!button || !isOwnActivation(event, button)) return;
      // The platform would otherwise treat the click as a click on the post and navigate.
      event.preventDefault();
      event.stopPropagation();
      const post = adapter ? postOfButton(button, adapter.postSelector) : null;
      if (post) reportPost(post);
    },
    { capture: true, signal },
  );

  document.addEventListener(
    'contextmenu',
    (event) => {
      // A contextmenu the page dispatches after the user's own would otherwise retarget the report to another post.
      if (!event.isTrusted) return;
      lastRightClicked = event.target instanceof Element ? event.target : null;
    },
    { capture: true, signal },
  );

  function openFromContextMenu(context: ClickContext): void {
    const post = adapter && lastRightClicked?.closest(adapter.postSelector);
    const extracted = post ? adapter.extract(post, location.href) : null;
    void openReportDialog(extracted ? postSubject(extracted) : clickedSubject(context));
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
        else void openReportDialog(clickedSubject({ pageUrl: location.href }));
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
