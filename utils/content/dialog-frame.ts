/**
 * The report dialog lives in an extension page (entrypoints/report-frame) shown in an <iframe>: a document of
 * the extension's origin, so the page can neither read nor type into the form, nor hear its keystrokes, nor
 * define the element it runs in (Bitwarden's inline menu works the same way). The content script only places
 * the frame, hands it a one-time token (utils/background/dialogs.ts) and removes it when the frame says so;
 * the post itself goes to the background, never through the page.
 */
import { browser } from 'wxt/browser';
import type { ReportSubject } from '../domain';
import { REPORT_FRAME_PATH, type FrameSignal } from '../report-frame';
import { askBackground } from './messaging';

/**
 * Full-viewport and on top, so the page can cover none of it without the frame noticing (the frame also
 * checks that it is visible before it takes a click: components/report/click-guard.ts). Inline and
 * !important: the page's own style sheets cannot move or hide it (its scripts could, as they could remove it).
 */
const FRAME_STYLE = [
  'position:fixed', 'inset:0', 'width:100vw', 'height:100vh', 'max-width:none', 'max-height:none', 'margin:0', 'padding:0',
  'border:0', 'z-index:2147483647', 'display:block', 'visibility:visible', 'opacity:1', 'transform:none', 'filter:none',
  'clip-path:none', 'pointer-events:auto', 'background:transparent', 'color-scheme:normal',
].map((rule) => `${rule} !important`).join(';');

let closeCurrent: (() => void) | undefined;

export function openReportDialog(subject: ReportSubject): Promise<void> {
  // The frame loads while the background keeps the subject: the two take about as long.
  return openExtensionFrame(askBackground('dialog.start', { subject }));
}

/**
 * Places the report frame, at `route` (its hash: the batch form is `BATCH_ROUTE`), and hands it the token the
 * background gave for what it is to show. One such frame at a time: a new one replaces the one open.
 */
export async function openExtensionFrame(started: Promise<{ token: string }>, route = ''): Promise<void> {
  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  closeCurrent?.();

  const frame = document.createElement('iframe');
  frame.src = browser.runtime.getURL(REPORT_FRAME_PATH) + route;
  // Chrome loads the per-session URL at the extension's own origin: either may be the frame's.
  const src = new URL(frame.src);
  const origins = [src.origin, `${src.protocol}//${browser.runtime.id}`];
  frame.setAttribute('style', FRAME_STYLE);
  frame.title = browser.i18n.getMessage('dialogTitle');
  const listening = new AbortController();

  function close(): void {
    listening.abort();
    frame.remove();
    if (closeCurrent === close) closeCurrent = undefined;
  }
  closeCurrent = close;

  // Only the frame's own messages, from the extension's origin: the page can post to this window, but
  // neither as our frame's window nor from our origin.
  window.addEventListener(
    'message',
    (event) => {
      if (event.source !== frame.contentWindow || !origins.includes(event.origin)) return;
      const signal = event.data as FrameSignal;
      if (signal === 'flagpost:ready') {
        const origin = event.origin;
        void started.then(({ token }) => frame.contentWindow?.postMessage({ token }, origin), close);
      }
      if (signal === 'flagpost:close') {
        close();
        returnFocus?.focus();
      }
    },
    { signal: listening.signal },
  );
  document.documentElement.append(frame);
  // Into the frame at once: the keyboard user's next key goes to the dialog, not the page.
  frame.focus();
}
