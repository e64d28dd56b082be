/** The report frame's claim of its subject (components/report/frame-channel.ts): never an empty frame over the page. */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { h, type VNode } from 'preact';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { CLAIM_WAIT_MS, mountClaimedDialog } from '../../components/report/frame-channel';

/** A token as the content script (or the page: same parent window) posts it to the frame. */
const postToken = (token: string) => dispatchEvent(new MessageEvent('message', { data: { token }, source: parent }));
const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => vi.advanceTimersByTimeAsync(0));

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  document.body.innerHTML = '<div id="app"></div>';
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

test('a claim the background cannot answer (its answer fails the schema) shows why, with Close, not an empty frame', async () => {
  const told = vi.spyOn(parent, 'postMessage');
  const claim = vi.fn(async () => { throw new Error('invalid answer to dialog.claim: subject.error.detail: too long'); });
  const mounted = mountClaimedDialog(claim, () => h('p', { id: 'dialog' }, 'dialog') as VNode, 'dialogTitle');
  postToken('real');
  await flush();
  await vi.advanceTimersByTimeAsync(CLAIM_WAIT_MS);
  await mounted;
  expect(document.querySelector('[role="alert"]')?.textContent).toContain('invalid answer to dialog.claim');
  const close = [...document.querySelectorAll('button')].find((button) => button.textContent === 'Close')!;
  expect(document.activeElement).toBe(close);
  close.click();
  expect(told).toHaveBeenCalledWith('flagpost:close', '*');
  expect(document.getElementById('app')!.childElementCount).toBe(0);
});

test("a page's made-up token, refused, does not stop the content script's own from opening the dialog", async () => {
  const claim = vi.fn(async (token: string) => {
    if (token !== 'real') throw new Error('no such report');
    return 'subject';
  });
  const mounted = mountClaimedDialog(claim, (claimed) => h('p', { id: 'dialog' }, claimed) as VNode, 'dialogTitle');
  postToken('made-up');
  await flush();
  postToken('real');
  await flush();
  await vi.advanceTimersByTimeAsync(CLAIM_WAIT_MS);
  await mounted;
  expect(document.getElementById('dialog')?.textContent).toBe('subject');
  expect(document.querySelector('[role="alert"]')).toBeNull();
});
