/**
 * "Report this account" on a profile or channel page: one button in the account's header, placed when the adapter
 * reads an account there (PlatformAdapter.readAccount). The page keeps drawing (a single-page app fills its header
 * late, and may redraw it): while there is no button of ours in the page, each burst of changes asks the adapter
 * again, at most four times a second; once the button is in place nothing is read until the page removes it.
 */
import type { PlatformAdapter } from '../platforms/types';
import { ACTION_ATTRIBUTE } from './report-button';

export const ACCOUNT_ACTION_SELECTOR = `[${ACTION_ATTRIBUTE}="account"]`;
/** Changes of the page within this long are one look for the header. */
const LOOK_AGAIN_MS = 250;

export function decorateAccount(adapter: PlatformAdapter, label: string, signal: AbortSignal): void {
  const readAccount = adapter.readAccount;
  if (!readAccount || signal.aborted) return;
  let button: HTMLButtonElement | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function place(): void {
    timer = undefined;
    if (button?.isConnected) return;
    const read = readAccount!(document, location.href);
    if (!read) return;
    button = document.createElement('button');
    button.type = 'button';
    button.className = 'flagpost-account';
    button.setAttribute(ACTION_ATTRIBUTE, 'account');
    button.textContent = label;
    if (read.at === 'start') read.header.prepend(button);
    else read.header.append(button);
  }

  const observer = new MutationObserver(() => {
    if (!timer && !button?.isConnected) timer = setTimeout(place, LOOK_AGAIN_MS);
  });
  observer.observe(document.body, { childList: true, subtree: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearTimeout(timer);
    button?.remove();
  }, { once: true });
  place();
}
