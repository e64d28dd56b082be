/** How the background runs work that nobody awaits, and tells open pages that the reports changed. */
import { browser } from 'wxt/browser';
import { sendToTab } from '../messages';

/** For work started from an event: a failure is logged, never left as an unhandled rejection. */
export function inBackground(task: Promise<unknown>): void {
  task.catch((error: unknown) => console.warn('Flagpost:', error));
}

export function notifyReportsChanged(): void {
  // Only open extension pages listen; with none open there is nobody to tell.
  browser.runtime.sendMessage({ type: 'reports.changed', payload: {} }).catch(() => {});
}

/**
 * The hash list or the wellbeing settings changed: every tab's feed checks its posts again (one that found the list
 * empty, or marking off, stopped asking). Tabs without Flagpost's content script refuse it; nothing to do there.
 */
export async function notifyWellbeingChanged(): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all(tabs.map((tab) => tab.id === undefined ? undefined : sendToTab(tab.id, undefined, 'wellbeing.changed', {}).catch(() => {})));
}
