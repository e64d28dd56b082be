/** A right-click in another site's frame, handed to the top frame's content script (utils/background/context-menu.ts). */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { startReportFlow } from '../../utils/content/report-flow';
import { openReportDialog } from '../../utils/content/dialog-frame';
import { xAdapter } from '../../utils/platforms/x';
import { parseInert, readDomFixture } from '../../test-support/dom-fixtures';

vi.mock('../../utils/content/dialog-frame', () => ({ openReportDialog: vi.fn(async () => {}) }));

let controller: AbortController;
beforeEach(() => {
  fakeBrowser.reset();
  vi.mocked(openReportDialog).mockClear();
  controller = new AbortController();
  document.head.innerHTML = '<link rel="canonical" href="https://x.com/lcMenci">';
  document.body.replaceChildren(parseInert(readDomFixture('x/x_profile_timeline_lcMenci_2025-11-03.html')));
  startReportFlow(xAdapter, controller.signal, () => [{ kind: 'image', sourceUrl: 'https://pbs.twimg.com/banner.jpg' }]);
});
afterEach(() => controller.abort());

test('the dialog is for what was clicked in that frame, not for this page, its account, address or media', async () => {
  const context = { pageUrl: 'https://widgets.other.example/embed/1', linkUrl: 'https://widgets.other.example/post/9', inOtherFrame: true as const };
  await fakeBrowser.runtime.onMessage.trigger({ type: 'dialog.open', payload: { context } }, { id: fakeBrowser.runtime.id });
  expect(openReportDialog).toHaveBeenCalledWith({ kind: 'clicked', clicked: context });
});
