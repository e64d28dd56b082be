/** The keyboard shortcut (manifest `commands`): the active tab's content script picks the post. */
import { browser, type Browser } from 'wxt/browser';
import { sendToContentScript } from './context-menu';

export const REPORT_COMMAND = 'report-post';

export async function onReportCommand(command: string, tab?: Browser.tabs.Tab): Promise<void> {
  if (command !== REPORT_COMMAND) return;
  const target = tab ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  // The top frame: the shortcut is about what the user sees, and posts live there.
  if (target?.id !== undefined) await sendToContentScript(target.id, 0, target.url ?? '', 'dialog.shortcut', {});
}
