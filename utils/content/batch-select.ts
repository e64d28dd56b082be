/**
 * Batch selection on the feed: Shift-click (or Shift+Enter) on a post's report button selects the post; while
 * any post is selected, the buttons are checkboxes (aria-pressed) and a plain click selects or unselects too.
 * A small bar, an extension frame the page cannot read or click for the user, shows the count with "Report
 * selected" and "Clear"; Report hands the posts to the background and opens the batch form (components/batch/).
 *
 * Nothing here runs per post: one delegated listener, and the post is read (extracted) only when selected, so a
 * post that scrolls out of a virtualised feed stays in the batch. Feed decoration costs the same with or without it.
 */
import { browser } from 'wxt/browser';
import type { ExtractedPost, PlatformAdapter } from '../platforms/types';
import { BATCH_BAR_ROUTE, BATCH_MAX_POSTS, BATCH_ROUTE, type BatchBarSignal } from '../report-frame';
import { errorDialog, focusOpenBatchForm, openExtensionFrame, placeFrame } from './dialog-frame';
import { askBackground } from './messaging';
import { postOfButton, REPORT_ACTION_SELECTOR } from './report-button';
import { isOwnActivation } from './report-flow';

/** A small box at the end corner of the viewport, below the dialog's frame. */
const BAR_PLACEMENT = [
  'position:fixed', 'inset-block:auto 16px', 'inset-inline:auto 16px', 'width:min(420px,calc(100vw - 32px))',
  'height:72px', 'border-radius:12px', 'z-index:2147483646', 'box-shadow:0 4px 16px rgba(0,0,0,.3)',
];

export function startBatchSelection(adapter: PlatformAdapter, signal: AbortSignal): void {
  /**
   * By the post's URL: the same post in two places (a quote, a re-render) is one report. Its entry keeps the button
   * that selected it, so a click on either copy lets go of the post and of that button's pressed state. (Pressing
   * every copy would look for them on each click: it did not fit the content script's 10 KB budget.)
   */
  const selected = new Map<string, { post: ExtractedPost; button: Element }>();
  let bar: ReturnType<typeof placeBar> | undefined;

  function clear(): void {
    for (const { button } of selected.values()) button.removeAttribute('aria-pressed');
    selected.clear();
    bar?.remove();
    bar = undefined;
  }

  function toggle(button: Element): void {
    const post = postOfButton(button, adapter.postSelector);
    const extracted = post && adapter.extract(post, location.href);
    if (!extracted) return;
    const entry = selected.get(extracted.url);
    if (entry) {
      entry.button.removeAttribute('aria-pressed');
      selected.delete(extracted.url);
    } else if (selected.size < BATCH_MAX_POSTS) {
      button.setAttribute('aria-pressed', 'true');
      selected.set(extracted.url, { post: extracted, button });
    }
    if (!selected.size) return clear();
    bar ??= placeBar(() => selected.size, report, clear);
    bar.update();
  }

  /**
   * The frame opens once the background holds the posts (a token in a map: one message's time): refused, the
   * selection stays for another try and the report dialog says why, where a batch frame would only vanish.
   */
  function report(): void {
    // A batch form already open stays (dialog-frame.ts): this selection waits for it, kept, rather than being cleared.
    if (focusOpenBatchForm()) return;
    askBackground('batch.start', { posts: [...selected.values()].map(({ post }) => post) }).then(
      (started) => {
        clear();
        void openExtensionFrame(Promise.resolve(started), BATCH_ROUTE);
      },
      (error: unknown) => void openExtensionFrame(errorDialog(error)),
    );
  }

  // On the window, in capture: before the single report's own listener on the document (report-flow.ts).
  window.addEventListener(
    'click',
    (event) => {
      const button = event.target instanceof Element ? event.target.closest(REPORT_ACTION_SELECTOR) : null;
      if (!button || !(event.shiftKey || selected.size) || !isOwnActivation(event, button)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      toggle(button);
    },
    { capture: true, signal },
  );
  signal.addEventListener('abort', clear, { once: true });
}

/** The batch bar's frame: it hears the count from here, and answers with Report or Clear. */
function placeBar(count: () => number, onReport: () => void, onClear: () => void) {
  let origin: string | undefined;
  const update = () => origin && bar.frame.contentWindow?.postMessage({ selected: count() }, origin);
  const bar = placeFrame(BATCH_BAR_ROUTE, BAR_PLACEMENT, browser.i18n.getMessage('batchBarTitle'), (signal, from) => {
    if (signal === ('flagpost:ready' satisfies BatchBarSignal)) {
      origin = from;
      update();
    }
    if (signal === ('flagpost:batch-report' satisfies BatchBarSignal)) onReport();
    if (signal === ('flagpost:batch-clear' satisfies BatchBarSignal)) onClear();
  });
  return { update, remove: bar.remove };
}
