import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ACCOUNT_ACTION_SELECTOR, ACCOUNT_LOOKS_MS, decorateAccount } from '../../utils/content/account-button';
import type { PlatformAdapter } from '../../utils/platforms/types';

/** An adapter whose account header is `#header` once the page has drawn it; counts its (whole-page) reads. */
function accountAdapter() {
  const adapter = {
    reads: 0,
    readAccount(doc: Document) {
      adapter.reads++;
      const header = doc.querySelector('#header');
      return header ? { header, account: { handle: '@someone', url: 'https://x.com/someone' } } : null;
    },
  };
  return adapter as typeof adapter & PlatformAdapter;
}

beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML = '<main id="feed"></main>';
});
afterEach(() => vi.useRealTimers());

describe('the account button', () => {
  test('a header the page draws late gets one button; the page is read a bounded number of times, however much it changes', async () => {
    const adapter = accountAdapter();
    decorateAccount(adapter, 'Report this account', new AbortController().signal);
    for (let ms = 0; ms < 700; ms += 50) {
      document.getElementById('feed')!.append(document.createElement('article')); // a busy feed
      await vi.advanceTimersByTimeAsync(50);
    }
    document.body.insertAdjacentHTML('afterbegin', '<div id="header"><h2>Someone</h2></div>');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(document.querySelectorAll(ACCOUNT_ACTION_SELECTOR)).toHaveLength(1);
    expect(document.querySelector(`#header ${ACCOUNT_ACTION_SELECTOR}`)?.textContent).toBe('Report this account');
    // Read until placed (0, 250, 500 ms: no header yet; 1 s: placed), then never again.
    expect(adapter.reads).toBe(4);
  });

  test('a page that never shows an account is read once per look, then left alone', async () => {
    const adapter = accountAdapter();
    decorateAccount(adapter, 'Report this account', new AbortController().signal);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(adapter.reads).toBe(ACCOUNT_LOOKS_MS.length);
  });

  test('a header the page redraws gets the button again at the next look; leaving the page removes it', async () => {
    document.body.insertAdjacentHTML('afterbegin', '<div id="header"></div>');
    const adapter = accountAdapter();
    const navigation = new AbortController();
    decorateAccount(adapter, 'Report this account', navigation.signal);
    await vi.advanceTimersByTimeAsync(0);
    document.getElementById('header')!.replaceWith(Object.assign(document.createElement('div'), { id: 'header' }));
    expect(document.querySelector(ACCOUNT_ACTION_SELECTOR)).toBeNull();
    await vi.advanceTimersByTimeAsync(250);
    expect(document.querySelectorAll(ACCOUNT_ACTION_SELECTOR)).toHaveLength(1);
    navigation.abort();
    expect(document.querySelector(ACCOUNT_ACTION_SELECTOR)).toBeNull();
  });
});
