/** The report frame's few words with the content script that placed it (utils/content/dialog-frame.ts, batch-select.ts). */
import { h, render, type ComponentChild, type VNode } from 'preact';
import type { BatchBarSignal, FrameSignal } from '../../utils/report-frame';
import { errorText, t, type MessageKey } from '../../utils/i18n';
import { mountPage } from '../mount-page';
import { guardAgainstClickjacking } from './click-guard';

export function tell(signal: FrameSignal | BatchBarSignal): void {
  // Nothing secret: the page sees the frame come and go anyway.
  parent.postMessage(signal, '*');
}

/**
 * How long after a refused claim the frame waits for one that succeeds. The content script's token comes within a
 * second of `ready`; a page's made-up one is refused, but so is the real one when the background cannot answer it
 * (its answer fails the schema, or the token expired): then, rather than an empty frame over the page, the frame
 * says so and offers Close.
 */
export const CLAIM_WAIT_MS = 3000;

/**
 * What the background keeps under the content script's token (utils/background/dialogs.ts, batch.ts). The page
 * may post tokens of its own to this frame too (it is the same parent window): a made-up one claims nothing, so
 * every token is tried until one is the background's. Rejects, with the last refusal, when none is by CLAIM_WAIT_MS.
 */
export function claimFromParent<T>(claim: (token: string) => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    let giveUp: ReturnType<typeof setTimeout> | undefined;
    const settle = (done: () => void) => {
      clearTimeout(giveUp);
      removeEventListener('message', listener);
      done();
    };
    const listener = (event: MessageEvent) => {
      const token = event.source === parent ? (event.data as { token?: unknown } | null)?.token : undefined;
      if (typeof token !== 'string') return;
      claim(token).then((claimed) => settle(() => resolve(claimed)), (error: unknown) => {
        giveUp ??= setTimeout(() => settle(() => reject(error)), CLAIM_WAIT_MS);
      });
    };
    addEventListener('message', listener);
    tell('flagpost:ready');
  });
}

/** What shows when nothing could be claimed: why, and the way out. */
function claimFailed(error: unknown, close: () => void): ComponentChild {
  return h('div', { class: 'backdrop' },
    h('div', { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'flagpost-title' },
      h('h2', { id: 'flagpost-title' }, t('dialogTitle')),
      h('p', { class: 'error', role: 'alert' }, t('dialogPrepareFailed', errorText(error))),
      // Focused: the keyboard user's way out is where the focus already is.
      h('div', { class: 'actions' }, h('button', { type: 'button', onClick: close, ref: (button: HTMLButtonElement | null) => button?.focus() }, t('close')))));
}

/**
 * A dialog in the report frame for what the content script's token names (the report dialog, the batch form):
 * guarded against clickjacking, and unmounted before the frame goes, so an unsent draft is let go of first.
 */
export async function mountClaimedDialog<T>(
  claim: (token: string) => Promise<T>,
  dialog: (claimed: T, close: () => void) => VNode,
  title: MessageKey,
): Promise<void> {
  guardAgainstClickjacking(document, () => document.querySelector('[role="dialog"]'));
  const claimed = await claimFromParent(claim).then((value) => ({ value }), (error: unknown) => ({ error }));
  const app = document.getElementById('app')!;
  const unmount = () => render(null, app);
  addEventListener('pagehide', unmount);
  const close = () => {
    unmount();
    tell('flagpost:close');
  };
  await mountPage(() => ('value' in claimed ? dialog(claimed.value, close) : claimFailed(claimed.error, close)), title);
}
