/** Right-click → Report with odd targets: what reaches the content script, and when one is injected. */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, expect, test, vi } from 'vitest';
import { clickContext, onReportMenuClick, REPORT_MENU_ID } from '../../utils/background/context-menu';
import { contentMessageListener } from '../../utils/content/messaging';

const tab = { id: 5, url: 'https://images.example.com/search?q=x' } as never;

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

/** The tab's frame runs our content script: tabs.sendMessage goes through its real message checks. */
function contentScriptRuns() {
  const opened = vi.fn(async () => ({}));
  const listen = contentMessageListener({ 'dialog.open': opened });
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(((_tabId: number, message: unknown) =>
    new Promise((resolve) => {
      if (listen(message, { id: fakeBrowser.runtime.id }, resolve) !== true) resolve(undefined);
    })) as never);
  const injected = vi.spyOn(fakeBrowser.scripting, 'executeScript').mockResolvedValue([] as never);
  return { opened, injected };
}

test('right-click → Report on an inline data: image (a base64 thumbnail) opens the dialog, without injecting again', async () => {
  const { opened, injected } = contentScriptRuns();
  const info = {
    menuItemId: REPORT_MENU_ID, editable: false, frameId: 0, pageUrl: 'https://images.example.com/search?q=x',
    mediaType: 'image', srcUrl: `data:image/jpeg;base64,${'/9j/'.repeat(2000)}`,
  } as never;
  await onReportMenuClick(info, tab).catch(() => undefined);
  expect({ opened: opened.mock.calls.length, injectedAgain: injected.mock.calls.length }).toEqual({ opened: 1, injectedAgain: 0 });
});

test('a link or medium that is not http(s), or longer than a report may carry, is left out of the click', () => {
  const info = (linkUrl: string, srcUrl: string) =>
    ({ menuItemId: REPORT_MENU_ID, editable: false, frameId: 0, pageUrl: 'https://a.example/', linkUrl, srcUrl, mediaType: 'video' }) as never;
  expect(clickContext(info('javascript:void(0)', 'blob:https://a.example/1'), tab)).toEqual({ pageUrl: 'https://a.example/', mediaType: 'video' });
  expect(clickContext(info(`https://a.example/?q=${'x'.repeat(2100)}`, 'https://cdn.example/v.mp4'), tab))
    .toEqual({ pageUrl: 'https://a.example/', srcUrl: 'https://cdn.example/v.mp4', mediaType: 'video' });
});

test('a content script that refuses the message is not taken for a missing one', async () => {
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue({ ok: false, error: 'invalid dialog.open' } as never);
  const injected = vi.spyOn(fakeBrowser.scripting, 'executeScript').mockResolvedValue([] as never);
  const info = { menuItemId: REPORT_MENU_ID, editable: false, frameId: 0, pageUrl: 'https://a.example/' } as never;
  await expect(onReportMenuClick(info, tab)).rejects.toThrow('invalid dialog.open');
  expect(injected).not.toHaveBeenCalled();
});

test('where no content script listens yet, one is injected and asked again', async () => {
  const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage')
    .mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'))
    .mockResolvedValueOnce({ ok: true, value: {} } as never);
  const injected = vi.spyOn(fakeBrowser.scripting, 'executeScript').mockResolvedValue([] as never);
  const info = { menuItemId: REPORT_MENU_ID, editable: false, frameId: 0, pageUrl: 'https://a.example/' } as never;
  await onReportMenuClick(info, tab);
  expect(injected).toHaveBeenCalledTimes(1);
  expect(send).toHaveBeenCalledTimes(2);
});

test('right-click → Report in a frame the extension may not script opens the dialog in the top frame, for what was clicked', async () => {
  const opened = vi.fn(async () => ({}));
  const listen = contentMessageListener({ 'dialog.open': opened });
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(((_tabId: number, message: unknown, options?: { frameId?: number }) =>
    options?.frameId !== 0
      ? Promise.reject(new Error('Could not establish connection. Receiving end does not exist.'))
      : new Promise((resolve) => {
        if (listen(message, { id: fakeBrowser.runtime.id }, resolve) !== true) resolve(undefined);
      })) as never);
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockRejectedValue(
    new Error('Cannot access contents of the page. Extension manifest must request permission to access the respective host.'),
  );
  const info = {
    menuItemId: REPORT_MENU_ID, editable: false, frameId: 12, pageUrl: 'https://news.example.com/',
    frameUrl: 'https://widgets.other.example/embed/1', linkUrl: 'https://widgets.other.example/post/9',
  } as never;
  await onReportMenuClick(info, tab);
  expect(opened).toHaveBeenCalledWith({
    context: { pageUrl: 'https://widgets.other.example/embed/1', linkUrl: 'https://widgets.other.example/post/9', inOtherFrame: true },
  });
});
