/**
 * A page cannot start a report: a click it makes up on our button (`button.click()`,
 * `dispatchEvent`) is untrusted and ignored, and the content script answers no message unless it
 * comes from this extension (the real browser's version of this is e2e/page-messages.e2e.ts).
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { startReportFlow } from '../../utils/content/report-flow';
import { decoratePosts, REPORT_ACTION_SELECTOR } from '../../utils/content/report-button';
import { openReportDialog } from '../../utils/content/dialog-frame';
import { messageListener } from '../../utils/messages';
import { xAdapter } from '../../utils/platforms/x';
import { parseInert, readDomFixture } from '../../test-support/dom-fixtures';

vi.mock('../../utils/content/dialog-frame', () => ({ openReportDialog: vi.fn(async () => {}) }));

let controller: AbortController;
let button: HTMLElement;
beforeEach(() => {
  fakeBrowser.reset();
  vi.mocked(openReportDialog).mockClear();
  controller = new AbortController();
  document.body.replaceChildren(parseInert(readDomFixture('x/x_profile_timeline_lcMenci_2025-11-03.html')));
  decoratePosts(xAdapter, document.body, 'Report', controller.signal);
  startReportFlow(xAdapter, controller.signal);
  button = document.querySelector<HTMLElement>(REPORT_ACTION_SELECTOR)!;
});
afterEach(() => controller.abort());

describe('a page clicking our button', () => {
  test('button.click() and a dispatched click open nothing, and the page still sees its own event', () => {
    const seenByPage = vi.fn();
    document.body.addEventListener('click', seenByPage);
    button.click();
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
    expect(openReportDialog).not.toHaveBeenCalled();
    expect(seenByPage).toHaveBeenCalledTimes(2);
  });

  test('the same click, were it the user\'s (trusted), opens the dialog for its post', () => {
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, detail: 1 });
    // Only the browser can make a trusted event; this stands in for the user, to show the guard is what stops the page.
    Object.defineProperty(click, 'isTrusted', { value: true });
    button.dispatchEvent(click);
    expect(openReportDialog).toHaveBeenCalledWith(
      { kind: 'post', post: expect.objectContaining({ platform: 'x', postId: '1985395058229817831' }) }, expect.any(Function));
    // The dialog gives the focus back to the post's button, looked up when it closes.
    expect(vi.mocked(openReportDialog).mock.calls[0]![1]!()).toBe(button);
  });
});

describe('messages that do not come from this extension', () => {
  const valid = { type: 'dialog.open', payload: { context: { pageUrl: 'https://x.com/lcMenci' } } };

  test('another extension or a web page (sender id not ours) gets no answer and runs nothing', () => {
    const handler = vi.fn(async () => ({}));
    const listen = messageListener({ 'dialog.open': handler });
    expect(listen(valid, { id: 'another-extension-id' })).toBeUndefined();
    expect(listen(valid, { url: 'https://evil.example/' })).toBeUndefined();
    expect(listen(valid, {})).toBeUndefined();
    expect(handler).not.toHaveBeenCalled();
  });

  test('malformed envelopes and payloads from ourselves never reach a handler', async () => {
    const handler = vi.fn(async () => ({}));
    const listen = messageListener({ 'dialog.open': handler });
    const us = { id: fakeBrowser.runtime.id };
    const malformed: unknown[] = [
      null, undefined, 42, 'dialog.open', [], {}, { type: 'dialog.open' }, { payload: valid.payload },
      { type: ['dialog.open'], payload: valid.payload },
      { type: '__proto__', payload: {} }, { type: 'constructor', payload: {} }, { type: 'hasOwnProperty', payload: {} },
      { type: 'dialog.open', payload: null },
      { type: 'dialog.open', payload: { context: { pageUrl: 'x'.repeat(5000) } } },
      { type: 'dialog.open', payload: { context: { pageUrl: 'https://x.com', mediaType: 'script' } } },
      { type: 'dialog.open', payload: { context: { pageUrl: 'https://x.com' }, extra: '<script>' } },
      { type: 'dialog.open', payload: { context: { pageUrl: 'https://x.com', srcUrl: 7 } } },
      JSON.parse('{"type":"dialog.open","payload":{"__proto__":{"polluted":true},"context":{"pageUrl":"https://x.com"}}}'),
    ];
    for (const raw of malformed) {
      const answer = await listen(raw, us);
      if (answer !== undefined) expect(answer).toMatchObject({ ok: false });
    }
    expect(handler).not.toHaveBeenCalled();
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
