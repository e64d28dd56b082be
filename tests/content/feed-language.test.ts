/**
 * Our words on the platform's page are in the language chosen in Settings (content-strings.ts), and say so, as the
 * already-reported note does: without lang, a screen reader reads Arabic words with the English page's voice.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, expect, test, vi } from 'vitest';
import { startFlagpost } from '../../utils/content/start';
import { REPORT_ACTION_SELECTOR } from '../../utils/content/report-button';
import { ACCOUNT_ACTION_SELECTOR } from '../../utils/content/account-button';
import { feedWords } from '../../utils/language';
import type { PlatformAdapter } from '../../utils/platforms/types';

/** A minimal platform: <article> posts; an account header at #header. */
const adapter = {
  platform: 'x',
  postSelector: 'article',
  buttonSlot: (post: Element) => post,
  extract: () => null,
  readAccount: (doc: Document) => {
    const header = doc.querySelector('#header');
    return header ? { header, at: 'end', account: { handle: '@someone', url: 'https://x.com/someone', recentPosts: [] } } : null;
  },
} as unknown as PlatformAdapter;

const placed = (selector: string) =>
  vi.waitFor(() => document.querySelector<HTMLElement>(selector) ?? Promise.reject(new Error('no button yet')));

beforeEach(() => {
  fakeBrowser.reset();
  // Settings say Arabic; the browser and the page are English.
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) =>
    (message as { type: string }).type === 'content.language' ? { ok: true, value: { language: 'ar', words: feedWords('ar') } } : undefined);
  document.body.innerHTML = '<div id="header"><h2>Someone</h2></div><main><article><p>post</p><p>a post</p></article><article></article></main>';
  document.documentElement.lang = 'en';
});

test('Arabic chosen on an English page: every report button and the account button carry lang="ar" and dir="rtl"', async () => {
  startFlagpost(() => adapter);
  await placed(REPORT_ACTION_SELECTOR);
  const account = await placed(ACCOUNT_ACTION_SELECTOR);
  const reports = [...document.querySelectorAll<HTMLElement>(REPORT_ACTION_SELECTOR)];
  expect(reports).toHaveLength(2);
  for (const report of reports) {
    expect(report.getAttribute('aria-label')).toBe(feedWords('ar').reportAction);
    expect([report.lang, report.dir]).toEqual(['ar', 'rtl']);
  }
  expect(account.textContent).toBe(feedWords('ar').reportAccountAction);
  expect([account.lang, account.dir]).toEqual(['ar', 'rtl']);
});
