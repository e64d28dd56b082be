/** How the background runs work that nobody awaits, and tells open pages that the reports changed. */
import { browser } from 'wxt/browser';

/** For work started from an event: a failure is logged, never left as an unhandled rejection. */
export function inBackground(task: Promise<unknown>): void {
  task.catch((error: unknown) => console.warn('Flagpost:', error));
}

export function notifyReportsChanged(): void {
  // Only open extension pages listen; with none open there is nobody to tell.
  browser.runtime.sendMessage({ type: 'reports.changed', payload: {} }).catch(() => {});
}
