/**
 * "Report this account" on a profile or channel page: one button in the account's header, placed when the adapter
 * reads an account there (PlatformAdapter.readAccount). A single-page app draws the header late, and may redraw it,
 * so the page is looked at again a few times after each navigation (start.ts restarts this on every one), on a
 * timer and not on every change: reading the header means searching the whole page, and a feed changes many times
 * a second (bench/feed.bench.ts measured a page search per burst of changes as the feed's largest cost).
 */
import type { PlatformAdapter } from '../platforms/types';
import { setWordsLanguage, type WordsLanguage } from '../feed-words';
import { ACTION_ATTRIBUTE } from './report-button';

export const ACCOUNT_ACTION_SELECTOR = `[${ACTION_ATTRIBUTE}="account"]`;
/** When, after a navigation, the header is looked for (again, if our button is gone): seven searches at most. */
export const ACCOUNT_LOOKS_MS = [0, 250, 500, 1000, 2000, 4000, 8000];

/** `language`: the label's. */
export function decorateAccount(adapter: PlatformAdapter, label: string, signal: AbortSignal, language?: WordsLanguage): void {
  const readAccount = adapter.readAccount;
  if (!readAccount || signal.aborted) return;
  let button: HTMLButtonElement | undefined;

  function place(): void {
    if (button?.isConnected) return;
    const read = readAccount!(document, location.href);
    if (!read) return;
    button = document.createElement('button');
    button.type = 'button';
    button.className = 'flagpost-account';
    button.setAttribute(ACTION_ATTRIBUTE, 'account');
    button.textContent = label;
    if (language) setWordsLanguage(button, language);
    if (read.at === 'start') read.header.prepend(button);
    else read.header.append(button);
  }

  const timers = ACCOUNT_LOOKS_MS.map((ms) => setTimeout(place, ms));
  signal.addEventListener('abort', () => {
    timers.forEach(clearTimeout);
    button?.remove();
  }, { once: true });
}
