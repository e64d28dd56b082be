/** Right-click → "Report terrorist content" on a page, link, image or video. */
import { browser, type Browser, type PublicPath } from 'wxt/browser';
import { t } from '../i18n';
import { loadLanguage } from '../language';
import { sendToTab, type MessageType, type RequestOf } from '../messages';
import type { ClickContext } from '../domain';
import { adapterForHost } from '../platforms';
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

function clickContext(info: Browser.contextMenus.OnClickData, tab: Browser.tabs.Tab): ClickContext {
  const mediaType = info.mediaType === 'image' || info.mediaType === 'video' ? info.mediaType : undefined;
  return {
    pageUrl: info.frameUrl ?? info.pageUrl ?? tab.url ?? '',
    ...(info.linkUrl ? { linkUrl: info.linkUrl } : {}),
    ...(info.srcUrl ? { srcUrl: info.srcUrl } : {}),
    ...(mediaType ? { mediaType } : {}),
  };
}

/** Asks the frame's content script to open the dialog. */
export async function onReportMenuClick(info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab): Promise<void> {
  if (info.menuItemId !== REPORT_MENU_ID || tab?.id === undefined) return;
  const context = clickContext(info, tab);
  await sendToContentScript(tab.id, info.frameId ?? 0, context.pageUrl, 'dialog.open', { context });
}

/** Sends to the frame's content script; where none runs yet, injects the one for `pageUrl` first (activeTab). */
export async function sendToContentScript<T extends MessageType>(
  tabId: number, frameId: number, pageUrl: string, type: T, payload: RequestOf<T>,
): Promise<void> {
  try {
    await sendToTab(tabId, frameId, type, payload);
  } catch {
    await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [contentScriptFileFor(pageUrl)] });
    await sendToTab(tabId, frameId, type, payload);
  }
}
