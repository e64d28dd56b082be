import { browser } from 'wxt/browser';

/** The welcome page: what a report holds and how to choose an endpoint, opened once, on install. */
export async function openOnboarding(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL('/onboarding.html') });
}
