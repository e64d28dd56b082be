/**
 * The report dialog lives in an extension page (entrypoints/report-frame) shown in an <iframe>: a document of
 * the extension's origin, so the page can neither read nor type into the form, nor hear its keystrokes, nor
 * define the element it runs in (Bitwarden's inline menu works the same way). The content script only places
 * the frame, hands it a one-time token (utils/background/dialogs.ts) and removes it when the frame says so;
 * the post itself goes to the background, never through the page.
 */
import { browser } from 'wxt/browser';
import type { ReportSubject } from '../domain';
import { BATCH_ROUTE, REPORT_FRAME_PATH, type FrameSignal } from '../report-frame';
import { MAX_REASON_DETAIL } from '../schema/limits';
import { setWordsLanguage } from '../feed-words';
import { contentStrings } from './content-strings';
import { askBackground, errorText } from './messaging';

/**
 * Inline and !important: the page's own style sheets cannot move or hide a frame of ours (its scripts could, as they
 * could remove it). `placement`: where it sits and how big it is.
 */
const frameStyle = (placement: string[]) => [
  ...placement, 'max-width:none', 'max-height:none', 'margin:0', 'padding:0', 'border:0', 'display:block', 'visibility:visible',
  'opacity:1', 'transform:none', 'filter:none', 'clip-path:none', 'pointer-events:auto', 'background:transparent', 'color-scheme:normal',
].map((rule) => `${rule} !important`).join(';');

/**
 * Full-viewport and on top, so the page can cover none of it without the frame noticing (the frame also
 * checks that it is visible before it takes a click: components/report/click-guard.ts).
 */
const DIALOG_PLACEMENT = ['position:fixed', 'inset:0', 'width:100vw', 'height:100vh', 'z-index:2147483647'];

/**
 * Places the report frame at `route` (its hash) with this placement and title. Only the frame's own messages reach
 * `onSignal`, from the extension's origin: the page can post to this window, but neither as our frame's window nor
 * from our origin. `onSignal` gets the origin to answer to.
 */
export function placeFrame(route: string, placement: string[], title: string, onSignal: (signal: string, origin: string) => void) {
  const frame = document.createElement('iframe');
  frame.src = browser.runtime.getURL(REPORT_FRAME_PATH) + route;
  // Chrome loads the per-session URL at the extension's own origin: either may be the frame's.
  const src = new URL(frame.src);
  const origins = [src.origin, `${src.protocol}//${browser.runtime.id}`];
  frame.setAttribute('style', frameStyle(placement));
  frame.title = title;
  const listening = new AbortController();
  window.addEventListener(
    'message',
    (event) => {
      if (event.source === frame.contentWindow && origins.includes(event.origin)) onSignal(event.data as string, event.origin);
    },
    { signal: listening.signal },
  );
  document.documentElement.append(frame);
  return {
    frame,
    remove() {
      listening.abort();
      frame.remove();
    },
  };
}

/**
 * Where the focus goes when the frame closes, looked up then: meanwhile the platform may have re-rendered the post's
 * button, or a virtualised feed dropped it (null, or an element no longer in the page: the next way back is tried).
 */
export type ReturnFocus = () => Element | null;

let current: { close(): void; returnFocus: ReturnFocus; route: string; frame: HTMLIFrameElement } | undefined;

export function openReportDialog(subject: ReportSubject, returnFocus?: ReturnFocus): Promise<void> {
  // The frame loads while the background keeps the subject: the two take about as long. A subject the background
  // refuses still gets the dialog, saying why (ReportDialog shows an error subject), not a frame that just vanishes.
  const started = askBackground('dialog.start', { subject }).catch(errorDialog);
  return openExtensionFrame(started, '', returnFocus);
}

/** The token of a dialog that says why the background refused what it was asked to show (a post, a batch). */
export function errorDialog(error: unknown): Promise<{ token: string }> {
  const detail = errorText(error).slice(0, MAX_REASON_DETAIL);
  return askBackground('dialog.start', { subject: { kind: 'error', error: { key: 'dialogPrepareFailed', detail } } });
}

/**
 * True, with the focus given to it, while the batch form is open. It is never replaced: its unmount would discard
 * every post's draft and the form the user filled in, so a report asked for meanwhile (the shortcut, a right-click,
 * another selection) waits. A form the page removed from under us is no longer open.
 */
export function focusOpenBatchForm(): boolean {
  if (current?.route !== BATCH_ROUTE || !current.frame.isConnected) return false;
  current.frame.focus();
  return true;
}

/**
 * Places the report frame, at `route` (its hash: the batch form is `BATCH_ROUTE`), and hands it the token the
 * background gave for what it is to show. One such frame at a time: a new one replaces the one open, but for the
 * batch form.
 * `returnFocus`: where the focus goes back to, if still in the page, else where it came from.
 */
export async function openExtensionFrame(started: Promise<{ token: string }>, route = '', returnFocus?: ReturnFocus): Promise<void> {
  if (focusOpenBatchForm()) return;
  const focused = document.activeElement;
  const replaced = current;
  // The way back, the first still in the page: where the focus was (the link the shortcut reported from, the button
  // clicked), unless that is the frame being replaced ("Send and next"); then `returnFocus`; then the replaced
  // frame's own way back.
  const before = replaced || focused === document.body ? null : focused;
  const wayBack: ReturnFocus = () => [before, returnFocus?.(), replaced?.returnFocus()].find((target) => target?.isConnected) ?? null;
  current?.close();
  // Asked at each open, beside the subject: the language may have changed in Settings since the page loaded.
  const words = contentStrings();

  const placed = placeFrame(route, DIALOG_PLACEMENT, '', (signal, origin) => {
    if (signal === ('flagpost:ready' satisfies FrameSignal)) {
      // No token (the background unreachable): nothing to show, so the frame goes as if closed.
      void started.then(({ token }) => placed.frame.contentWindow?.postMessage({ token }, origin), closeAndReturn);
    }
    if (signal === ('flagpost:close' satisfies FrameSignal)) closeAndReturn();
  });

  function closeAndReturn(): void {
    close();
    const target = wayBack();
    if (target instanceof HTMLElement) target.focus();
  }
  const open = { close, returnFocus: wayBack, route, frame: placed.frame };
  function close(): void {
    placed.remove();
    if (current === open) current = undefined;
  }
  current = open;
  // The frame's name (its title) in the chosen language, not the browser's, before the focus goes in: a screen reader
  // says it then.
  const strings = await words;
  placed.frame.title = strings.dialogTitle;
  setWordsLanguage(placed.frame, strings);
  // Into the frame as soon as it is named, the keyboard user's next key goes to the dialog, not the page (unless
  // already closed, or replaced).
  if (current === open) placed.frame.focus();
}
