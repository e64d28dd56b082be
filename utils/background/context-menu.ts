/** Right-click → "Report terrorist content" on a page, link, image or video. */
import { browser, type Browser, type PublicPath } from 'wxt/browser';
import { t } from '../i18n';
import { loadLanguage } from '../language';
import { sendToTab, type MessageType, type RequestOf } from '../messages';
import type { ClickContext } from '../domain';
import { adapterForHost } from '../platforms';
import { httpUrl } from '../platforms/read-dom';
import { platformContentScript } from '../platforms/derive';

export const REPORT_MENU_ID = 'flagpost-report';
export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js';

type ContentScriptFile = Extract<PublicPath, `/content-scripts/${string}.js`>;

/** A platform with fixed hosts has its own content script (generated from its adapter: build-config/platform-entrypoints.ts); elsewhere the generic one. */
export function contentScriptFileFor(pageUrl: string): ContentScriptFile {
  const platform = URL.canParse(pageUrl) ? adapterForHost(new URL(pageUrl).hostname)?.platform : undefined;
  return platform ? (platformContentScript(platform) as ContentScriptFile) : CONTENT_SCRIPT_FILE;
}

/**
 * (Re)creates the menu item. Called at install and at every browser start: Chrome keeps menus,
 * but Firefox's persistent background page does not. Again when Settings change the language.
 */
export async function createReportMenu(): Promise<void> {
  // Firefox for Android has no context menus: there the button on posts is the way to report.
  if (!browser.contextMenus) return;
  await loadLanguage(); // the menu speaks the language chosen in Settings
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: REPORT_MENU_ID,
    title: t('reportAction'),
    contexts: ['page', 'link', 'image', 'video'],
    // Web pages only: the browser's own pages, PDFs and file: URLs cannot be scripted.
    documentUrlPatterns: ['https://*/*', 'http://*/*'],
  });
}

/**
 * A link or medium a report can name: http(s) within the contract's bound (httpUrl). A data: thumbnail's
 * kilobytes would get the whole click refused by the content script; a blob: stream cannot be fetched anyway.
 */
function reportableUrl(url: string | undefined): string | undefined {
  return url && httpUrl(url, url) ? url : undefined;
}

export function clickContext(info: Browser.contextMenus.OnClickData, tab: Browser.tabs.Tab): ClickContext {
  const mediaType = info.mediaType === 'image' || info.mediaType === 'video' ? info.mediaType : undefined;
  const linkUrl = reportableUrl(info.linkUrl);
  const srcUrl = reportableUrl(info.srcUrl);
  return {
    pageUrl: info.frameUrl ?? info.pageUrl ?? tab.url ?? '',
    ...(linkUrl ? { linkUrl } : {}),
    ...(srcUrl ? { srcUrl } : {}),
    ...(mediaType ? { mediaType } : {}),
  };
}

/**
 * Asks the frame's content script to open the dialog. A frame the extension may not script (another site's embed:
 * activeTab grants the tab's own site only) gets it in the top frame instead, for what was clicked there, rather
 * than a click that does nothing.
 */
export async function onReportMenuClick(info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab): Promise<void> {
  if (info.menuItemId !== REPORT_MENU_ID || tab?.id === undefined) return;
  const context = clickContext(info, tab);
  const frameId = info.frameId ?? 0;
  try {
    await sendToContentScript(tab.id, frameId, context.pageUrl, 'dialog.open', { context });
  } catch (error) {
    if (frameId === 0) throw error;
    const topUrl = info.pageUrl ?? tab.url ?? '';
    await sendToContentScript(tab.id, 0, topUrl, 'dialog.open', { context: { ...context, inOtherFrame: true } });
  }
}

/**
 * The browser's words for "no content script listens in that frame" (Chrome and Firefox alike). Any other failure
 * (a refused message) comes from a content script that runs: injecting a second one would only be refused again.
 */
const NO_LISTENER = /Receiving end does not exist|message port closed before a response/i;

/** Sends to the frame's content script; where none runs yet, injects the one for `pageUrl` first (activeTab). */
export async function sendToContentScript<T extends MessageType>(
  tabId: number, frameId: number, pageUrl: string, type: T, payload: RequestOf<T>,
): Promise<void> {
  try {
    await sendToTab(tabId, frameId, type, payload);
  } catch (error) {
    if (!NO_LISTENER.test(error instanceof Error ? error.message : String(error))) throw error;
    await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [contentScriptFileFor(pageUrl)] });
    await sendToTab(tabId, frameId, type, payload);
  }
}
