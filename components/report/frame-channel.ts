/** The report frame's few words with the content script that placed it (utils/content/dialog-frame.ts, batch-select.ts). */
import { render, type VNode } from 'preact';
import type { BatchBarSignal, FrameSignal } from '../../utils/report-frame';
import type { MessageKey } from '../../utils/i18n';
import { mountPage } from '../mount-page';
import { guardAgainstClickjacking } from './click-guard';

export function tell(signal: FrameSignal | BatchBarSignal): void {
  // Nothing secret: the page sees the frame come and go anyway.
  parent.postMessage(signal, '*');
}

/**
 * What the background keeps under the content script's token (utils/background/dialogs.ts, batch.ts). The page
 * may post tokens of its own to this frame too (it is the same parent window): a made-up one claims nothing, so
 * every token is tried until one is the background's.
 */
export function claimFromParent<T>(claim: (token: string) => Promise<T>): Promise<T> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      const token = event.source === parent ? (event.data as { token?: unknown } | null)?.token : undefined;
      if (typeof token !== 'string') return;
      claim(token).then((claimed) => {
        removeEventListener('message', listener);
        resolve(claimed);
      }, () => {});
    };
    addEventListener('message', listener);
    tell('flagpost:ready');
  });
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
  const claimed = await claimFromParent(claim);
  const app = document.getElementById('app')!;
  const unmount = () => render(null, app);
  addEventListener('pagehide', unmount);
  const close = () => {
    unmount();
    tell('flagpost:close');
  };
  await mountPage(() => dialog(claimed, close), title);
}
