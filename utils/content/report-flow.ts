/** Starts a report from the post's button or from the context menu, and opens the dialog. */
import type { ClickContext, ReportSubject } from '../domain';
import type { AccountOnPage, ExtractedMedia, ExtractedPost, PlatformAdapter } from '../platforms/types';
import { ACCOUNT_ACTION_SELECTOR } from './account-button';
import { canonicalPageUrl } from './canonical-url';
import { openReportDialog } from './dialog-frame';
import { REPORTED_ATTRIBUTE } from './already-reported';
import { listenToBackground } from './messaging';
import { nextPostToReport } from './next-post';
import { DECORATED_ATTRIBUTE, postOfButton, REPORT_ACTION_SELECTOR, reportButtonOf } from './report-button';
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
/** The page's own main media (utils/content/page-media.ts), for a right-click outside any post. */
export type PageMediaReader = (doc: Document, pageUrl: string) => ExtractedMedia[];

function clickedSubject(context: ClickContext, readPageMedia: PageMediaReader | undefined): ReportSubject {
  const canonicalUrl = canonicalPageUrl(document, context.pageUrl);
  const pageMedia = readPageMedia?.(document, context.pageUrl) ?? [];
  return { kind: 'clicked', clicked: context, ...(canonicalUrl ? { canonicalUrl } : {}), ...(pageMedia.length ? { pageMedia } : {}) };
}

function postSubject(post: ExtractedPost): ReportSubject {
  return { kind: 'post', post };
}

/** A whole account (report 1.2): the background makes the report's subject of it (utils/background/dialogs.ts). */
function accountSubject(platform: string, read: AccountOnPage): ReportSubject {
  return { kind: 'account-page', platform, account: read.account, pageUrl: location.href };
}

export function startReportFlow(adapter: PlatformAdapter | undefined, signal: AbortSignal, readPageMedia?: PageMediaReader): void {
  let lastRightClicked: Element | null = null;
  /** The post the open dialog is about ("Send and next" starts below it), and those sent from this page. */
  let inDialog: Element | null = null;
  const sentHere = new WeakSet<Element>();

  function reportAccount(): void {
    const read = adapter?.readAccount?.(document, location.href);
    const subject: ReportSubject = adapter && read ? accountSubject(adapter.platform, read) : { kind: 'error', error: { key: 'postUnreadable' } };
    void openReportDialog(subject, () => document.querySelector(ACCOUNT_ACTION_SELECTOR));
  }

  function reportPost(post: Element): void {
    inDialog = post;
    const extracted = adapter?.extract(post, location.href);
    // Back to the post's button when the dialog closes, even one the platform re-rendered meanwhile ("Send and next": the next post's).
    void openReportDialog(extracted ? postSubject(extracted) : { kind: 'error', error: { key: 'postUnreadable' } }, () => reportButtonOf(post));
  }

  // One delegated listener for every button: no per-post listener on the feed.
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target instanceof Element ? event.target : null;
      const accountButton = target?.closest(ACCOUNT_ACTION_SELECTOR);
      if (accountButton && isOwnActivation(event, accountButton)) {
        event.preventDefault();
        event.stopPropagation();
        return reportAccount();
      }
      const button = target?.closest(REPORT_ACTION_SELECTOR);
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

  /**
   * Outside any post, on a profile or channel page, the right-click reports the account: anywhere in its header, or
   * anywhere else that is not a link or a medium (those keep their own report).
   */
  function accountFromContextMenu(context: ClickContext): ReportSubject | null {
    const read = adapter?.readAccount?.(document, location.href);
    if (!adapter || !read) return null;
    const inHeader = lastRightClicked !== null && read.header.contains(lastRightClicked);
    return inHeader || (!context.linkUrl && !context.srcUrl) ? accountSubject(adapter.platform, read) : null;
  }

  function openFromContextMenu(context: ClickContext): void {
    // Clicked in another site's frame: the last right-click here, this page's address and media are not what was clicked.
    if (context.inOtherFrame) return void openReportDialog({ kind: 'clicked', clicked: context });
    const post = adapter && lastRightClicked?.closest(adapter.postSelector);
    const extracted = post ? adapter.extract(post, location.href) : null;
    inDialog = extracted ? post! : null;
    void openReportDialog(extracted ? postSubject(extracted) : (accountFromContextMenu(context) ?? clickedSubject(context, readPageMedia)));
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
        else {
          inDialog = null;
          void openReportDialog(clickedSubject({ pageUrl: location.href }, readPageMedia));
        }
        return {};
      },
      // "Send and next": the dialog's report was sent; the next post below in view, if any, gets the dialog.
      async 'dialog.nextPost'() {
        if (!adapter || !inDialog) return { opened: false };
        sentHere.add(inDialog);
        // Marked by decoratePosts: its button may sit inside the post or beside it (a post that is itself a link).
        const decorated = [...document.querySelectorAll(`:is(${adapter.postSelector})[${DECORATED_ATTRIBUTE}]`)];
        const next = nextPostToReport({
          current: inDialog,
          posts: decorated,
          isReported: (post) => sentHere.has(post) || post.hasAttribute(REPORTED_ATTRIBUTE),
          viewportHeight: innerHeight,
        });
        if (!next) return { opened: false };
        // In view behind the dialog, so the post reported is the one the user sees when the dialog closes.
        next.scrollIntoView({ block: 'nearest' });
        reportPost(next);
        return { opened: true };
      },
      // Every post the adapter reads on the page: for `npm run extract` and the e2e suite, so the test build only.
      ...(import.meta.env.FLAGPOST_TEST_HOOKS && {
        async 'posts.extract'() {
          if (!adapter) return { posts: [] };
          const found = [...document.querySelectorAll(`:is(${adapter.postSelector})`)];
          return { posts: found.map((post) => adapter.extract(post, location.href)).filter((post) => post !== null) };
        },
      }),
    },
    signal,
  );
}
